package io.breachimpact.ingest;

import io.breachimpact.ingest.normalize.Addresses;
import io.breachimpact.ingest.normalize.AgeBands;
import io.breachimpact.ingest.normalize.BirthDates;
import io.breachimpact.ingest.normalize.ContactChannel;
import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.ingest.normalize.Emails;
import io.breachimpact.ingest.normalize.Names;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.ingest.normalize.Phones;
import io.breachimpact.ingest.normalize.PostalGeography;
import io.breachimpact.model.DocumentType;
import io.breachimpact.model.DumpColumns;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One accepted bronze row → one silver row. Every value is normalized with a library where one
 * exists (libphonenumber, Commons Validator, java.text.Normalizer); every problem that does not
 * prevent the record from existing becomes a quality flag.
 */
public final class RecordNormalizer implements Serializable {
    /** Document number formats (shared/reference/FACTS.md); the residence permit's is approximate. */
    private static final Map<DocumentType, Pattern> NUMBER_FORMATS = Map.of(
            DocumentType.PASSPORT, Pattern.compile("\\d{2}[A-Z]{2}\\d{5}"),
            DocumentType.NATIONAL_ID_CARD, Pattern.compile("\\d{12}|[0-9A-Z]{9}"),
            DocumentType.DRIVING_LICENCE, Pattern.compile("\\d{4}(\\d{2}|2A|2B)\\d{6}|\\d{2}[A-Z]{2}\\d{5}"),
            DocumentType.RESIDENCE_PERMIT, Pattern.compile("\\d{10}"));

    private static final int REPAIRS_AT = BronzeRecords.SCHEMA.fieldIndex("line_repairs");

    private final PersonKeys personKeys;
    private final LocalDate referenceDate;
    private final AgeBands ageBands;
    private transient MessageDigest digest;

    public RecordNormalizer(PersonKeys personKeys, LocalDate referenceDate, AgeBands ageBands) {
        this.personKeys = personKeys;
        this.referenceDate = referenceDate;
        this.ageBands = ageBands;
    }

    LocalDate referenceDate() {
        return referenceDate;
    }

    /** @param bronze a row of {@link BronzeRecords#SCHEMA} accepted by the quarantine rules */
    public Row normalize(Row bronze) {
        String[] raw = new String[DumpColumns.COUNT];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = bronze.getString(5 + i);
        }
        List<String> flags = new ArrayList<>(4);
        if (!bronze.isNullAt(REPAIRS_AT)) {
            flags.addAll(bronze.getList(REPAIRS_AT)); // how the line was read: REPAIRED_ENCODING, TRUNCATED_LINE…
        }
        List<String> classes = new ArrayList<>(7);
        List<String> channels = new ArrayList<>(3);

        String surname = Names.display(raw[DumpColumns.SURNAME]);
        String given = Names.display(raw[DumpColumns.GIVEN_NAMES]);
        String surnameKey = Names.comparison(surname);
        String givenKey = Names.comparison(given);
        if (surname != null || given != null) {
            classes.add(DataClass.NAME.name());
        }

        BirthDates.BirthDate birth = BirthDates.parse(raw[DumpColumns.BIRTH_DATE], referenceDate);
        flag(flags, "BIRTH_DATE_", birth.problem());
        present(classes, raw[DumpColumns.BIRTH_DATE], DataClass.DATE_OF_BIRTH);

        Emails.Email email = Emails.normalize(raw[DumpColumns.EMAIL]);
        flag(flags, "EMAIL_", email.problem());
        present(classes, raw[DumpColumns.EMAIL], DataClass.EMAIL);
        if (email.valid()) {
            channels.add(ContactChannel.EMAIL.name());
        }

        PostalGeography.Place place = PostalGeography.get().locate(raw[DumpColumns.POSTAL_CODE], raw[DumpColumns.CITY]);
        flag(flags, "POSTAL_CODE_", place.problem());
        if (place.cityMismatch()) {
            flags.add("POSTAL_CODE_CITY_MISMATCH");
        }
        String street = Names.clean(raw[DumpColumns.STREET_ADDRESS]);
        String city = Names.display(raw[DumpColumns.CITY]);

        Phones.Phone phone = Phones.normalize(raw[DumpColumns.PHONE], PostalGeography.phoneRegion(place.departementCode()));
        flag(flags, "PHONE_", phone.problem());
        present(classes, raw[DumpColumns.PHONE], DataClass.PHONE);
        if (phone.valid() && phone.kind() == Phones.Kind.MOBILE) {
            channels.add(ContactChannel.SMS.name());
        }

        if (street != null || place.postalCode() != null || city != null) {
            classes.add(DataClass.POSTAL_ADDRESS.name());
        }
        if (street != null && place.departementCode() != null) {
            channels.add(ContactChannel.POSTAL.name());
        }
        String account = Names.clean(raw[DumpColumns.ACCOUNT_ID]);
        if (account != null) {
            classes.add(DataClass.ACCOUNT_ID.name());
        }

        DocumentType type = DocumentType.fromDumpCode(blankToEmpty(raw[DumpColumns.DOCUMENT_TYPE]).strip()).orElse(null);
        if (type == null) {
            flags.add("DOCUMENT_TYPE_UNKNOWN");
        }
        String number = Names.clean(raw[DumpColumns.DOCUMENT_NUMBER]);
        Boolean numberValid = null;
        if (number != null) {
            classes.add(DataClass.DOCUMENT_NUMBER.name());
            numberValid = type != null && NUMBER_FORMATS.get(type).matcher(number).matches();
            if (!numberValid) {
                flags.add("DOCUMENT_NUMBER_FORMAT");
            }
        }
        LocalDate request = BirthDates.parseDate(blankToEmpty(raw[DumpColumns.REQUEST_DATE]).strip());
        if (request != null && (request.getYear() < 1900 || request.isAfter(referenceDate.plusYears(1)))) {
            request = null; // a placeholder such as 0001-01-01, or a typo
        }
        if (request == null) {
            flags.add("REQUEST_DATE_INVALID");
        }

        String birthIso = birth.date() == null ? null : birth.date().toString();
        String emailKey = Emails.matchKey(email);
        String addressKey = null;
        if (!QuarantineRules.strongIdentity(birth.date() != null, raw[DumpColumns.EMAIL], raw[DumpColumns.PHONE])) {
            flags.add("WEAK_IDENTITY"); // a name and an address only: linked to others on exact keys alone
            addressKey = Addresses.matchKey(street, place.postalCode() != null ? place.postalCode() : city);
        }
        return RowFactory.create(
                raw[DumpColumns.RECORD_ID].strip(),
                account,
                personKeys.personKey(surnameKey, givenKey, birthIso, emailKey, phone.valid() ? phone.e164() : null, addressKey),
                surname, given, surnameKey, givenKey,
                birth.date() == null ? null : Date.valueOf(birth.date()),
                birth.age(),
                birth.age() == null ? null : ageBands.label(birth.age()),
                birth.age() == null ? null : birth.age() < 18,
                email.value(), email.valid(), emailKey,
                phone.e164(), phone.valid(), phone.kind() == null ? null : phone.kind().name(), phone.region(),
                street, place.postalCode(), city, place.departementCode(), place.regionCode(),
                type == null ? "UNKNOWN" : type.name(), number, numberValid,
                request == null ? null : Date.valueOf(request),
                classes.toArray(new String[0]), channels.toArray(new String[0]), flags.toArray(new String[0]),
                bronze.getString(0), bronze.getLong(1), bronze.getString(2), bronze.getLong(3),
                contentHash(raw),
                bronze.getTimestamp(BronzeRecords.SCHEMA.fieldIndex("ingested_at")));
    }

    private static void flag(List<String> flags, String prefix, String problem) {
        if (problem != null) {
            flags.add(prefix + problem);
        }
    }

    private static void present(List<String> classes, String value, DataClass dataClass) {
        if (value != null && !value.isBlank()) {
            classes.add(dataClass.name());
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** What a correction changes: the record's values as received. */
    private String contentHash(String[] raw) {
        if (digest == null) {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        for (String value : raw) {
                digest.update(value == null ? new byte[] {0} : value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 1);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
