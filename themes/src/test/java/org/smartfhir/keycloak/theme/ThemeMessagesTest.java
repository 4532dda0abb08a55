package org.smartfhir.keycloak.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.theme.MessageBundles;

class ThemeMessagesTest {

    private static final Path LOGIN = Path.of("src/main/resources/theme/smart/login");

    @Test
    void englishHasEveryTextThePagesShowAndGermanTranslatesAllOfIt() {
        assertTrue(MessageBundles.keysUsedBy(LOGIN).contains("smartSystemUseNotice"), "the footer shows the notice");
        assertEquals(List.of(), MessageBundles.completeness(LOGIN));
    }
}
