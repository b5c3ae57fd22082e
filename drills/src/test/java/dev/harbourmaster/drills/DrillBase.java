package dev.harbourmaster.drills;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Where a drill's moto is. Short drills (make test) share the one scripts/with-moto.sh started. Long
 * drills (make drills) each get a moto of their own, stopped afterwards: moto keeps everything in
 * memory and grows with every transaction (a deep copy of the table each), and one server for every
 * long drill grew past 14 GB on a 24 GB machine until the kernel killed it.
 */
abstract class DrillBase {

    private OwnMoto own;

    @BeforeEach
    void startOwnMoto() {
        if (Tally.LONG) {
            own = new OwnMoto();
        }
    }

    @AfterEach
    void stopOwnMoto() {
        if (own != null) {
            own.close();
        }
    }

    URI moto() {
        return own != null ? own.endpoint() : URI.create(System.getenv("AWS_ENDPOINT_URL"));
    }
}
