package io.breachimpact.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.breachimpact.model.DumpColumns;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The same records as JSON Lines ({@link DumpLayout#AGENCY_JSONL}): one line per account, its identity,
 * contact and address nested, its records in a {@code documents} array. Consecutive records whose account
 * fields are all equal share a line; any difference (a variation, a move) starts another. Empty values
 * are JSON nulls. The line-level dirt of a CSV export has no meaning here: its random draws are still made
 * (so that the population is the same as in the other layouts) and the truth does not claim it.
 */
final class JsonLinesSink implements DumpSink {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int[] ACCOUNT_FIELDS = {DumpColumns.ACCOUNT_ID, DumpColumns.SURNAME, DumpColumns.GIVEN_NAMES,
        DumpColumns.BIRTH_DATE, DumpColumns.EMAIL, DumpColumns.PHONE, DumpColumns.STREET_ADDRESS, DumpColumns.POSTAL_CODE, DumpColumns.CITY};

    private final OutputStream out;
    private final DirtInjector dirt;
    private String[] account;
    private final List<String[]> documents = new ArrayList<>();

    JsonLinesSink(OutputStream out, DirtInjector dirt) {
        this.out = out;
        this.dirt = dirt;
    }

    @Override
    public void write(DumpRecord r) throws IOException {
        dirt.lineDirtWithoutLines(r);
        String[] fields = r.fields.clone();
        if (account != null && !sameAccount(account, fields)) {
            flush();
        }
        if (account == null) {
            account = fields;
        }
        documents.add(fields);
    }

    private static boolean sameAccount(String[] a, String[] b) {
        for (int f : ACCOUNT_FIELDS) {
            if (!java.util.Objects.equals(a[f], b[f])) {
                return false;
            }
        }
        return true;
    }

    private void flush() throws IOException {
        if (account == null) {
            return;
        }
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            field(g, "account_id", account[DumpColumns.ACCOUNT_ID]);
            g.writeObjectFieldStart("identity");
            field(g, "surname", account[DumpColumns.SURNAME]);
            field(g, "given_names", account[DumpColumns.GIVEN_NAMES]);
            field(g, "birth_date", account[DumpColumns.BIRTH_DATE]);
            g.writeEndObject();
            g.writeObjectFieldStart("contact");
            field(g, "email", account[DumpColumns.EMAIL]);
            field(g, "phone", account[DumpColumns.PHONE]);
            g.writeEndObject();
            g.writeObjectFieldStart("address");
            field(g, "street", account[DumpColumns.STREET_ADDRESS]);
            field(g, "postal_code", account[DumpColumns.POSTAL_CODE]);
            field(g, "city", account[DumpColumns.CITY]);
            g.writeEndObject();
            g.writeArrayFieldStart("documents");
            for (String[] d : documents) {
                g.writeStartObject();
                field(g, "record_id", d[DumpColumns.RECORD_ID]);
                field(g, "type", d[DumpColumns.DOCUMENT_TYPE]);
                field(g, "number", d[DumpColumns.DOCUMENT_NUMBER]);
                field(g, "requested_on", d[DumpColumns.REQUEST_DATE]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        account = null;
        documents.clear();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
