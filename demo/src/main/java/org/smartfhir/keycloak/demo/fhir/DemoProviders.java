package org.smartfhir.keycloak.demo.fhir;

import java.util.List;
import java.util.Locale;

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
        return List.of(new Patients(records), new Observations(records), new Conditions(records), new Encounters(records));
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

    public static final class Observations implements IResourceProvider {
        private final DemoRecords records;

        Observations(DemoRecords records) {
            this.records = records;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Observation.class;
        }

        @Search
        public List<Observation> search(@OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient) {
            return records.observations.stream().filter(o -> about(o.getSubject(), patientOf(patient))).toList();
        }
    }

    public static final class Conditions implements IResourceProvider {
        private final DemoRecords records;

        Conditions(DemoRecords records) {
            this.records = records;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Condition.class;
        }

        @Search
        public List<Condition> search(@OptionalParam(name = Condition.SP_PATIENT) ReferenceParam patient) {
            return records.conditions.stream().filter(c -> about(c.getSubject(), patientOf(patient))).toList();
        }
    }

    public static final class Encounters implements IResourceProvider {
        private final DemoRecords records;

        Encounters(DemoRecords records) {
            this.records = records;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Encounter.class;
        }

        @Search
        public List<Encounter> search(@OptionalParam(name = Encounter.SP_PATIENT) ReferenceParam patient) {
            return records.encounters.stream().filter(e -> about(e.getSubject(), patientOf(patient))).toList();
        }
    }
}
