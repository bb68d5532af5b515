package io.breachimpact.ingest.inspect;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which canonical field a column probably holds, from its name (French and English exports' usual names). */
final class FieldGuess {
    private FieldGuess() {
    }

    /** A column holding the whole name (surname and given names), split by the profile. */
    static final String FULL_NAME = "full_name";
    /** The street number written apart from the street. */
    static final String STREET_NUMBER = "street_number";
    /** Columns known to hold nothing the analysis counts (a civility, a gender). */
    static final String NOTHING = "nothing";

    private static final Map<String, List<String>> NAMES = names();

    private static Map<String, List<String>> names() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("record_id", List.of("record_id", "recordid", "id", "identifiant", "id_demande", "num_demande", "numero_demande", "uid",
                "id_enregistrement", "request_id"));
        m.put("account_id", List.of("account_id", "accountid", "account", "compte", "num_compte", "id_compte", "numero_compte",
                "identifiant_compte", "login", "user_id", "id_usager", "id_utilisateur", "account_number", "numero_de_compte"));
        m.put("surname", List.of("surname", "nom", "last_name", "lastname", "nom_famille", "nom_de_famille", "family_name", "nom_naissance",
                "nom_usage", "patronyme"));
        m.put("given_names", List.of("given_names", "given_name", "prenom", "prenoms", "first_name", "firstname", "first_names",
                "forename", "forenames"));
        m.put(FULL_NAME, List.of("nom_complet", "full_name", "fullname", "name", "nom_prenom", "nom_prenoms", "identite"));
        m.put("birth_date", List.of("birth_date", "birthdate", "date_naissance", "date_de_naissance", "dob", "date_of_birth", "naissance",
                "datenaiss", "date_naiss", "ddn"));
        m.put("email", List.of("email", "e_mail", "courriel", "mail", "adresse_mail", "adresse_email", "email_address", "adresse_courriel"));
        m.put("phone", List.of("phone", "telephone", "tel", "mobile", "portable", "phone_number", "numero_telephone", "num_tel",
                "telephone_mobile", "tel_mobile", "gsm"));
        m.put(STREET_NUMBER, List.of("numero_voie", "num_voie", "no_voie", "numero_rue", "street_number", "house_number"));
        m.put("street_address", List.of("street_address", "adresse", "address", "voie", "libelle_voie", "rue", "street", "adresse_postale",
                "address_line", "adresse_ligne"));
        m.put("postal_code", List.of("postal_code", "code_postal", "cp", "zip", "zipcode", "zip_code", "postcode"));
        m.put("city", List.of("city", "commune", "ville", "localite", "town", "libelle_commune"));
        m.put("document_type", List.of("document_type", "type_piece", "type_document", "type_titre", "doc_type", "nature_piece",
                "type_de_piece"));
        m.put("document_number", List.of("document_number", "numero_piece", "num_piece", "numero_document", "numero_titre", "doc_number",
                "no_piece"));
        m.put("request_date", List.of("request_date", "date_demande", "date_depot", "date_de_demande", "created_at", "date_creation",
                "date_saisie"));
        m.put(NOTHING, List.of("civilite", "civ", "sexe", "genre", "gender", "title", "titre_civilite"));
        return m;
    }

    /** The field a column name means, or null. */
    static String byName(String column) {
        String key = normalize(column);
        for (Map.Entry<String, List<String>> e : NAMES.entrySet()) {
            if (e.getValue().contains(key)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * The field a dotted column path means (a JSON path, an SQL table.column): its last name, else that name
     * after its parent's in the singular ({@code documents.type} is a document_type), or null.
     */
    static String byPath(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0) {
            return byName(path);
        }
        String leaf = path.substring(dot + 1);
        String field = byName(leaf);
        if (field != null) {
            return field;
        }
        String parent = path.substring(path.lastIndexOf('.', dot - 1) + 1, dot);
        String singular = parent.endsWith("s") ? parent.substring(0, parent.length() - 1) : parent;
        return byName(singular + "_" + leaf);
    }

    static String normalize(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return folded.replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
