package io.breachimpact.generate;

/**
 * The parameters data-samples/dump was written with (data-samples/README.md gives the command); a
 * test regenerates it from these and compares the bytes.
 */
public final class SampleDump {
    private SampleDump() {
    }

    public static final long ROWS = 20_000;
    public static final long SEED = 20251031L;
}
