package org.smartfhir.keycloak.audit.fhir;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/** HAPI FHIR's R4 instance validator, built once per test JVM (it takes seconds). */
public final class R4Validation {

    private static FhirValidator validator;

    private R4Validation() {
    }

    public static synchronized void assertValid(String json) {
        if (validator == null) {
            FhirContext fhir = FhirContext.forR4();
            ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                    new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir));
            validator = fhir.newValidator();
            validator.registerValidatorModule(new FhirInstanceValidator(support));
        }
        ValidationResult result = validator.validateWithResult(json);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        assertTrue(errors.isEmpty(), errors.stream().map(m -> m.getLocationString() + ": " + m.getMessage()).toList() + "\n" + json);
    }
}
