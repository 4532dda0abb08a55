package org.smartfhir.keycloak.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.theme.MessageBundles;

class MessagesTest {

    @Test
    void englishHasEveryTextThePickerShowsAndGermanTranslatesAllOfIt() {
        assertEquals(List.of(), MessageBundles.completeness(Path.of("src/main/resources/theme-resources")));
    }
}
