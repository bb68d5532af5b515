package io.breachimpact.generate;

import java.io.IOException;

/** Where one task writes its file of the dump. */
interface DumpSink extends AutoCloseable {
    void write(DumpRecord record) throws IOException;

    @Override
    void close() throws IOException;
}
