package dev.ordersaga.saga.persistence;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SagaLogRepository extends JpaRepository<SagaLogEntity, Long> {

    List<SagaLogEntity> findBySagaIdOrderByIdAsc(UUID sagaId);
}
