package dev.ordersaga.saga;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Orders and their saga: reserve stock, charge payment, commit stock; release stock when payment fails. */
@SpringBootApplication
public class OrderSagaApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderSagaApplication.class, args);
    }
}
