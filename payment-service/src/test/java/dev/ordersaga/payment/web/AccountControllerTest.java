package dev.ordersaga.payment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import dev.ordersaga.payment.PostgresTest;

class AccountControllerTest extends PostgresTest {

    @Autowired
    MockMvc mvc;

    @Test
    void showsTheSeededAccountsWithTwoDecimalBalances() throws Exception {
        assertThat(body("/accounts/alice"))
                .isEqualTo("{\"customerId\":\"alice\",\"name\":\"Alice\",\"balance\":10000.00,\"balanceCents\":1000000}");
        assertThat(body("/accounts/bob"))
                .isEqualTo("{\"customerId\":\"bob\",\"name\":\"Bob\",\"balance\":50.00,\"balanceCents\":5000}");
        assertThat(body("/accounts/carol"))
                .isEqualTo("{\"customerId\":\"carol\",\"name\":\"Carol\",\"balance\":0.00,\"balanceCents\":0}");
    }

    @Test
    void anUnknownCustomerIsA404ProblemDetail() throws Exception {
        mvc.perform(get("/accounts/mallory"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("unknown customer mallory"));
    }

    private String body(String path) throws Exception {
        return mvc.perform(get(path))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();
    }
}
