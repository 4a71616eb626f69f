package dev.ordersaga.messaging.admin;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.messaging.admin.DeadLetters.DeadLetterView;
import dev.ordersaga.messaging.admin.DeadLetters.Listing;
import dev.ordersaga.messaging.admin.DeadLetters.Replayed;

/**
 * The operator's HTTP API for this service's dead letters ({@code messaging.admin.base-path}, default
 * {@code /admin/dead-letters}). Errors are {@code application/problem+json}.
 */
@RestController
@RequestMapping(path = "${messaging.admin.base-path:/admin/dead-letters}", produces = MediaType.APPLICATION_JSON_VALUE)
public class DeadLetterController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public Listing list(@RequestParam(name = "limit", required = false) String limit) {
        return deadLetters.list(limit(limit));
    }

    @GetMapping("/{topic}/{messageId}")
    public DeadLetterView get(@PathVariable String topic, @PathVariable String messageId) {
        return deadLetters.get(topic, messageId);
    }

    @PostMapping("/{topic}/{messageId}/replay")
    public Replayed replay(@PathVariable String topic, @PathVariable String messageId) {
        return deadLetters.replay(topic, messageId);
    }

    @DeleteMapping("/{topic}/{messageId}")
    public ResponseEntity<Void> discard(@PathVariable String topic, @PathVariable String messageId,
            @RequestParam(name = "reason", required = false) String reason, HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        // "at the request of <who>" in the WARN that records the discard
        String who = (principal == null ? "an unauthenticated caller" : "'" + principal.getName() + "'") + " from "
                + request.getRemoteAddr() + " (User-Agent " + request.getHeader("User-Agent") + ")";
        deadLetters.discard(topic, messageId, who, reason);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(DeadLetterAdminException.class)
    ResponseEntity<ProblemDetail> problem(DeadLetterAdminException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        catch (NumberFormatException e) {
            // answered below
        }
        throw new DeadLetterAdminException(HttpStatus.BAD_REQUEST, "Bad request",
                "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
    }
}
