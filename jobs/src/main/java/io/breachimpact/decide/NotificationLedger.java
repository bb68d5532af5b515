package io.breachimpact.decide;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

/**
 * gold/notification_ledger: every notification ever issued. A notification is issued once: a run
 * issues only to persons never notified, and to persons whose exposure got worse since (a data class
 * they were not told about, a higher level), as a FOLLOW_UP ({@link SendQueue} gives it the follow-up
 * template). Unchanged data issues nothing.
 */
public final class NotificationLedger {
    private NotificationLedger() {
    }

    public static final String INITIAL = "INITIAL";
    public static final String FOLLOW_UP = "FOLLOW_UP";

    /** The person's latest notice before this run, as the ledger holds it: its kind, wave date and id (null: never notified). */
    public static final String LAST_KIND = "last_kind";
    public static final String LAST_WAVE_DATE = "last_wave_date";
    public static final String LAST_NOTIFICATION_ID = "last_notification_id";

    /**
     * Every decision with what this run issues to its person: {@code kind} INITIAL (never notified),
     * FOLLOW_UP (notified, and the exposure got worse: a data class they were not told about or a
     * higher level) or null (nothing: no notice, or nothing new to say); with {@code level_rank},
     * for an issue the {@code content_hash} of what the person is told, and the person's latest notice
     * so far ({@link #LAST_KIND}, {@link #LAST_WAVE_DATE}, {@link #LAST_NOTIFICATION_ID}).
     *
     * @param decisions this run's decisions ({@code outcome}, {@code level}, {@code data_classes})
     * @param ledger    the ledger so far, or null when nothing was ever issued
     */
    public static Dataset<Row> classify(Dataset<Row> decisions, Dataset<Row> ledger) {
        Dataset<Row> ranked = decisions.withColumn("level_rank", Decisions.levelRank(col("level")));
        Dataset<Row> withPrevious;
        if (ledger == null) {
            withPrevious = ranked.withColumn("prev_rank", lit(null).cast("int"))
                    .withColumn("prev_classes", lit(null).cast("array<string>"))
                    .withColumn(LAST_KIND, lit(null).cast("string")).withColumn(LAST_WAVE_DATE, lit(null).cast("date"))
                    .withColumn(LAST_NOTIFICATION_ID, lit(null).cast("string"));
        } else {
            // The latest notice (not an extra letter) of each person: null ordering values are left out by max_by.
            Column notice = col("send").equalTo(SendQueue.NOTICE);
            Dataset<Row> previous = ledger.groupBy(col("person_id").as("prev_person"))
                    .agg(max("level_rank").as("prev_rank"), flatten(collect_list(col("data_classes"))).as("prev_classes"),
                            max_by(struct(col("kind"), col("wave_date"), col("notification_id")), when(notice, col("issued_at"))).as("last"));
            withPrevious = ranked.join(previous, ranked.col("person_id").equalTo(previous.col("prev_person")), "left").drop("prev_person")
                    .withColumn(LAST_KIND, col("last.kind")).withColumn(LAST_WAVE_DATE, col("last.wave_date"))
                    .withColumn(LAST_NOTIFICATION_ID, col("last.notification_id")).drop("last");
        }
        Column worse = col("level_rank").gt(col("prev_rank")).or(size(array_except(col("data_classes"), col("prev_classes"))).gt(0));
        Column kind = when(col("outcome").equalTo(Decisions.NOTICE), when(col("prev_rank").isNull(), lit(INITIAL)).when(worse, lit(FOLLOW_UP)));
        return withPrevious.withColumn("kind", kind)
                .withColumn("content_hash", when(col("kind").isNotNull(),
                        substring(sha2(concat_ws("|", col("level"), concat_ws(",", sort_array(col("data_classes")))), 256), 1, 32)))
                .drop("prev_rank", "prev_classes");
    }

    /** A notification's id: the same person, send and content always give the same id (a re-run after a crash reissues the same ids). */
    public static Column notificationId() {
        return concat(lit("N"), substring(sha2(concat_ws("|", col("person_id"), col("send"), col("content_hash")), 256), 1, 24));
    }
}
