package dev.ordersaga.saga.domain;

import java.util.List;
import java.util.Optional;

/**
 * What the saga decided for one event: its new state, the saga_log rows to append and the
 * command to send, if any. An ignored event changes nothing and says why.
 */
public record Decision(Saga saga, List<LogEntry> log, Optional<SagaCommand> command, Optional<String> ignoredBecause) {

    public Decision {
        log = List.copyOf(log);
    }

    static Decision applied(Saga saga, List<LogEntry> log, SagaCommand command) {
        return new Decision(saga, log, Optional.ofNullable(command), Optional.empty());
    }

    static Decision ignored(Saga saga, String reason) {
        return new Decision(saga, List.of(), Optional.empty(), Optional.of(reason));
    }

    public boolean isIgnored() {
        return ignoredBecause.isPresent();
    }
}
