package io.breachimpact.identity;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A record's node key: the anchor of a person id, so its form must never drift. */
class ResolutionTest {
    @Test
    void nodeKeyIsTheBatchSequenceOnTwelveDigitsThenTheRecordId() {
        SparkSession spark = SharedSpark.spark();
        StructType schema = new StructType().add("batch_seq", DataTypes.LongType).add("record_id", DataTypes.StringType);
        List<String> keys = spark.createDataFrame(List.of(RowFactory.create(7L, "R-1"), RowFactory.create(123_456_789_012L, "X")), schema)
                .select(Resolution.nodeKey()).as(Encoders.STRING()).collectAsList();
        assertEquals(List.of("000000000007|R-1", "123456789012|X"), keys);
        // Ordered as strings, keys order by batch first: the smallest key of a component is its first-ingested record.
        assertEquals(String.format("%012d|%s", 7, "R-1"), keys.get(0));
    }
}
