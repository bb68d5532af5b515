package io.breachimpact.identity;

import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.testing.Ingest;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One person from three records of one human, every field written out by hand. */
class PersonAssemblerTest {
    private static final StructType INPUT = new StructType()
            .add("record_id", DataTypes.StringType).add("node", DataTypes.StringType).add("batch_seq", DataTypes.LongType)
            .add("line_number", DataTypes.LongType).add("request_date", DataTypes.DateType).add("document_type", DataTypes.StringType)
            .add("data_class_bits", DataTypes.IntegerType).add("surname", DataTypes.StringType)
            .add("given_names", DataTypes.StringType).add("surname_key", DataTypes.StringType).add("birth_date", DataTypes.DateType)
            .add("age", DataTypes.IntegerType).add("age_band", DataTypes.StringType).add("minor", DataTypes.BooleanType)
            .add("email", DataTypes.StringType).add("email_valid", DataTypes.BooleanType).add("phone_e164", DataTypes.StringType)
            .add("phone_valid", DataTypes.BooleanType).add("phone_type", DataTypes.StringType).add("street_address", DataTypes.StringType)
            .add("postal_code", DataTypes.StringType).add("city", DataTypes.StringType).add("departement_code", DataTypes.StringType)
            .add("region_code", DataTypes.StringType).add("quality_flags", DataTypes.createArrayType(DataTypes.StringType));

    private static Row record(String id, long line, String requested, String document, List<String> classes, String email) {
        int bits = 0;
        for (String c : classes) {
            bits |= 1 << io.breachimpact.ingest.normalize.DataClass.valueOf(c).ordinal();
        }
        Object[] v = {id, String.format("%012d|%s", 1, id), 1L, line, Date.valueOf(requested), document, bits, "Dupont", "Jean",
                "dupont", Date.valueOf("1980-02-29"), 45, "35-49", false, email, email != null, null, false, null,
                "3 rue de la Paix", "69003", "Lyon", "69", "84", seq(List.of())};
        return new GenericRowWithSchema(v, INPUT);
    }

    private static scala.collection.Seq<String> seq(List<String> values) {
        return scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(values));
    }

    private static Object[] toArray(Row row) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return values;
    }

    @Test
    void documentExposuresCountEachDocumentsRecordsAndTheClassesTheyExpose() {
        assertEquals(INPUT.size(), PersonAssembler.INPUT.size());
        List<Row> records = List.of(
                record("r2", 2, "2024-05-01", "PASSPORT", List.of("NAME", "EMAIL", "DOCUMENT_NUMBER"), "jean@example.org"),
                record("r1", 1, "2019-01-10", "PASSPORT", List.of("NAME", "DOCUMENT_NUMBER"), null),
                record("r3", 3, "2022-03-15", "DRIVING_LICENCE", List.of("NAME", "EMAIL"), "old@example.org"));

        Row assembled = new PersonAssembler(new PersonKeys(Ingest.TEST_KEY)).assemble(records);
        Row person = new GenericRowWithSchema(toArray(assembled), PersonAssembler.SCHEMA);

        assertEquals("r1", person.getAs("anchor_record_id"));
        assertEquals(3, (int) person.getAs("record_count"));
        assertEquals("jean@example.org", person.getAs("email")); // the most recent valid one
        List<Row> exposures = scala.collection.JavaConverters.seqAsJavaList(person.<scala.collection.Seq<Row>>getAs("document_exposures"));
        // document type, records, then NAME, EMAIL, PHONE, DATE_OF_BIRTH, POSTAL_ADDRESS, ACCOUNT_ID, DOCUMENT_NUMBER
        assertEquals(List.of(
                        List.of("DRIVING_LICENCE", 1, 1, 1, 0, 0, 0, 0, 0),
                        List.of("PASSPORT", 2, 2, 1, 0, 0, 0, 0, 2)),
                exposures.stream().map(r -> scala.collection.JavaConverters.seqAsJavaList(r.toSeq())).toList());
        assertEquals(PersonAssembler.DOCUMENT_EXPOSURE.fieldNames().length, exposures.get(0).size());
        assertEquals(List.of("DOCUMENT_NUMBER", "EMAIL", "NAME"), scala.collection.JavaConverters.seqAsJavaList(
                person.<scala.collection.Seq<String>>getAs("data_classes")), "the union of the records' classes, in name order");
    }

    @Test
    void theClassesOfARecordTravelAsBits() {
        StructType schema = new StructType().add("data_classes", DataTypes.createArrayType(DataTypes.StringType));
        List<Row> rows = List.of(RowFactory.create(seq(List.of("NAME", "EMAIL", "DOCUMENT_NUMBER"))), RowFactory.create(seq(List.of())),
                RowFactory.create((Object) null), RowFactory.create(seq(List.of("DOCUMENT_NUMBER", "ACCOUNT_ID", "POSTAL_ADDRESS",
                        "DATE_OF_BIRTH", "PHONE", "EMAIL", "NAME"))));
        List<Integer> bits = io.breachimpact.testing.SharedSpark.spark().createDataFrame(rows, schema)
                .select(PersonAssembler.dataClassBits(org.apache.spark.sql.functions.col("data_classes"))).collectAsList().stream()
                .map(r -> r.getInt(0)).toList();
        // NAME 0, EMAIL 1, PHONE 2, DATE_OF_BIRTH 3, POSTAL_ADDRESS 4, ACCOUNT_ID 5, DOCUMENT_NUMBER 6
        assertEquals(List.of(1 | 2 | 64, 0, 0, 127), bits);
    }
}
