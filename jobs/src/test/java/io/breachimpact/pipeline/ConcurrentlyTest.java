package io.breachimpact.pipeline;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps at the same time; a failure is rethrown as it was, and only once every step has ended. */
class ConcurrentlyTest {
    @Test
    void stepsRunSideBySide() {
        CountDownLatch both = new CountDownLatch(2);
        // Each step waits for the other: run one after the other, they would time out.
        Runnable step = () -> {
            both.countDown();
            try {
                assertTrue(both.await(10, TimeUnit.SECONDS), "the other step ran at the same time");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        Concurrently.run(step, step);
        assertEquals(0, both.getCount());
    }

    @Test
    void theFirstFailureIsRethrownAfterTheOtherStepsEnded() {
        IllegalArgumentException failure = new IllegalArgumentException("manifest");
        AtomicBoolean slowEnded = new AtomicBoolean();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Concurrently.run(
                () -> {
                    throw failure;
                },
                () -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    slowEnded.set(true);
                }));
        assertSame(failure, thrown);
        assertTrue(slowEnded.get(), "the slow step ended before the failure was rethrown");
    }

    @Test
    void errorsAreRethrownUnwrapped() {
        AssertionError error = new AssertionError("out of memory, say");
        assertSame(error, assertThrows(AssertionError.class, () -> Concurrently.run(() -> {
            throw error;
        }, () -> { })));
    }
}
