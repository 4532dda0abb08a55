package org.smartfhir.keycloak.demo.fhir;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** Read and search over the demo records: what a SMART app and Keycloak's patient picker ask of a FHIR server. */
final class DemoProviders {

    private DemoProviders() {
    }

    static List<IResourceProvider> of(DemoRecords records) {
        return List.of(new Patients(records),
                new PatientRecords<>(Observation.class, records.observations, Observation::getSubject),
                new PatientRecords<>(Condition.class, records.conditions, Condition::getSubject),
                new PatientRecords<>(Encounter.class, records.encounters, Encounter::getSubject));
    }

    private static String patientOf(ReferenceParam patient) {
        return patient == null ? null : patient.getIdPart();
    }

    private static boolean about(Reference subject, String patient) {
        return patient == null || ("Patient/" + patient).equals(subject.getReference());
    }

    public static final class Patients implements IResourceProvider {
        private final DemoRecords records;

        Patients(DemoRecords records) {
            this.records = records;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Patient.class;
        }

        @Read
        public Patient read(@IdParam IdType id) {
            return records.patients.stream().filter(p -> p.getIdElement().getIdPart().equals(id.getIdPart())).findFirst()
                    .orElseThrow(() -> new ResourceNotFoundException(id));
        }

        @Search
        public List<Patient> search(@OptionalParam(name = Patient.SP_NAME) StringParam name,
                                    @OptionalParam(name = "_id") TokenParam id) {
            return records.patients.stream()
                    .filter(p -> id == null || p.getIdElement().getIdPart().equals(id.getValue()))
                    .filter(p -> name == null || p.getName().stream().anyMatch(n -> (n.getNameAsSingleString())
                            .toLowerCase(Locale.ROOT).contains(name.getValue().toLowerCase(Locale.ROOT))))
                    .toList();
        }
    }

    /**
     * Search by patient over one kind of record that points at its patient through {@code subject}: what an app asks
     * ({@code Observation?patient=…}) and the picker's encounter stage ({@code Encounter?patient=…}).
     */
    public static final class PatientRecords<T extends IBaseResource> implements IResourceProvider {
        private final Class<T> type;
        private final List<T> records;
        private final Function<T, Reference> subject;

        PatientRecords(Class<T> type, List<T> records, Function<T, Reference> subject) {
            this.type = type;
            this.records = records;
            this.subject = subject;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Search
        public List<T> search(@OptionalParam(name = "patient") ReferenceParam patient) {
            return records.stream().filter(r -> about(subject.apply(r), patientOf(patient))).toList();
        }
    }
}
