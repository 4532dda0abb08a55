package org.smartfhir.keycloak.demo.fhir;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** The demo's made-up patients and their records. Nothing here is real data. */
final class DemoRecords {

    static final String LINKED_PATIENT = "demo-patient-1";

    final List<Patient> patients = new ArrayList<>();
    final List<Observation> observations = new ArrayList<>();
    final List<Condition> conditions = new ArrayList<>();
    final List<Encounter> encounters = new ArrayList<>();

    DemoRecords() {
        patient(LINKED_PATIENT, "Amy", "Shaw", "1987-02-20", Enumerations.AdministrativeGender.FEMALE);
        patient("demo-patient-2", "Daniel", "Rivera", "1959-11-03", Enumerations.AdministrativeGender.MALE);
        patient("demo-patient-3", "Grace", "Okafor", "2001-06-14", Enumerations.AdministrativeGender.FEMALE);
        vital("obs-1", LINKED_PATIENT, "8867-4", "Heart rate", 72, "/min", "2026-10-02T09:15:00Z");
        vital("obs-2", LINKED_PATIENT, "8310-5", "Body temperature", 36.8, "Cel", "2026-10-02T09:15:00Z");
        vital("obs-3", LINKED_PATIENT, "29463-7", "Body weight", 64.2, "kg", "2026-10-02T09:15:00Z");
        vital("obs-4", "demo-patient-2", "8867-4", "Heart rate", 88, "/min", "2026-09-18T14:40:00Z");
        vital("obs-5", "demo-patient-2", "2339-0", "Glucose [Mass/volume] in Blood", 142, "mg/dL", "2026-09-18T14:40:00Z");
        vital("obs-6", "demo-patient-3", "8310-5", "Body temperature", 37.9, "Cel", "2026-11-01T07:05:00Z");
        condition("cond-1", LINKED_PATIENT, "195967001", "Asthma");
        condition("cond-2", "demo-patient-2", "44054006", "Diabetes mellitus type 2");
        encounter("enc-1", LINKED_PATIENT, "Annual check-up", "2026-10-02T09:00:00Z");
        encounter("enc-2", "demo-patient-2", "Emergency visit", "2026-09-18T14:00:00Z");
        encounter("enc-3", "demo-patient-2", "Follow-up", "2026-10-20T10:30:00Z");
    }

    private void patient(String id, String given, String family, String birthDate, Enumerations.AdministrativeGender gender) {
        Patient p = new Patient();
        p.setId(id);
        p.addName().addGiven(given).setFamily(family);
        p.setBirthDateElement(new DateType(birthDate));
        p.setGender(gender);
        patients.add(p);
    }

    private void vital(String id, String patient, String loinc, String text, double value, String unit, String when) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                loinc.equals("2339-0") ? "laboratory" : "vital-signs", null)));
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, text)).setText(text));
        o.setSubject(new Reference("Patient/" + patient));
        o.setEffective(new DateTimeType(when));
        o.setValue(new Quantity().setValue(value).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
        observations.add(o);
    }

    private void condition(String id, String patient, String snomed, String text) {
        Condition c = new Condition();
        c.setId(id);
        c.setSubject(new Reference("Patient/" + patient));
        c.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", snomed, text)).setText(text));
        c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        conditions.add(c);
    }

    private void encounter(String id, String patient, String type, String start) {
        Encounter e = new Encounter();
        e.setId(id);
        e.setStatus(Encounter.EncounterStatus.FINISHED);
        e.setSubject(new Reference("Patient/" + patient));
        e.addType().setText(type);
        e.setPeriod(new Period().setStartElement(new DateTimeType(start)));
        encounters.add(e);
    }
}
