package dev.ordersaga.saga.domain;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the saga decided for one event: its new state, the saga_log rows to append, and the commands to
 * send: {@code cancel}, which undoes a step that timed out and is not waited for, and {@code next}, the
 * step the saga now waits for. An ignored event changes nothing and says why.
 */
public record Decision(Saga saga, List<LogEntry> log, Optional<SagaCommand> cancel, Optional<SagaCommand> next,
        Optional<String> ignoredBecause) {

    public Decision {
        log = List.copyOf(log);
    }

    static Decision applied(Saga saga, List<LogEntry> log, SagaCommand cancel, SagaCommand next) {
        return new Decision(saga, log, Optional.ofNullable(cancel), Optional.ofNullable(next), Optional.empty());
    }

    static Decision ignored(Saga saga, String reason) {
        return new Decision(saga, List.of(), Optional.empty(), Optional.empty(), Optional.of(reason));
    }

    public boolean isIgnored() {
        return ignoredBecause.isPresent();
    }

    /** Every command to send, the cancel first. */
    public List<SagaCommand> commands() {
        return Stream.concat(cancel.stream(), next.stream()).toList();
    }
}
