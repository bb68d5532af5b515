package io.breachimpact.model;

import java.util.List;

/** The columns of the agency's account-record export, in file order. */
public final class DumpColumns {
    private DumpColumns() {
    }

    public static final List<String> HEADER = List.of(
            "record_id", "account_id", "surname", "given_names", "birth_date", "email", "phone",
            "street_address", "postal_code", "city", "document_type", "document_number", "request_date");

    public static final int RECORD_ID = 0;
    public static final int ACCOUNT_ID = 1;
    public static final int SURNAME = 2;
    public static final int GIVEN_NAMES = 3;
    public static final int BIRTH_DATE = 4;
    public static final int EMAIL = 5;
    public static final int PHONE = 6;
    public static final int STREET_ADDRESS = 7;
    public static final int POSTAL_CODE = 8;
    public static final int CITY = 9;
    public static final int DOCUMENT_TYPE = 10;
    public static final int DOCUMENT_NUMBER = 11;
    public static final int REQUEST_DATE = 12;
    public static final int COUNT = HEADER.size();
}
