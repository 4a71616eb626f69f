package dev.ordersaga.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonAndDemoTest {

    @Test
    void parsesAnOrder() {
        Map<String, Object> order = Json.parseObject("""
                {"orderId":"o-1","status":"COMPENSATED","amount":100.00,"items":[{"sku":"B","qty":1}],
                 "log":[{"step":"CHARGE","type":"EVENT","status":"FAILED","ts":"2025-01-01T00:00:00Z",
                         "error":"insufficient \\"funds\\" \\u00e9","ok":false,"none":null}]}""");
        assertThat(order.get("status")).isEqualTo("COMPENSATED");
        assertThat(order.get("amount")).isEqualTo(new BigDecimal("100.00"));
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) order.get("log")).get(0);
        assertThat(entry.get("error")).isEqualTo("insufficient \"funds\" \u00e9");
        assertThat(entry.get("ok")).isEqualTo(false);
        assertThat(entry.containsKey("none")).isTrue();
        assertThat(entry.get("none")).isNull();
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object");
    }

    @Test
    void quotes() {
        assertThat(Json.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
        assertThat(Demo.SCENARIOS.get(0).body())
                .isEqualTo("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100}");
    }

    @Test
    void sagaLogTable() {
        String table = Demo.sagaLogTable(List.of(
                Map.of("step", "RESERVE_STOCK", "type", "COMMAND", "status", "CONFIRMED", "ts", "t1"),
                Map.of("step", "CHARGE", "type", "EVENT", "status", "FAILED", "ts", "t2", "error", "no money")));
        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().findFirst().orElseThrow()).contains("step", "type", "status", "ts", "error");
        assertThat(table).contains("RESERVE_STOCK  COMMAND  CONFIRMED  t1").contains("no money");
        assertThat(Demo.sagaLogTable(null)).contains("empty saga log");
    }
}
