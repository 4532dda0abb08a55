package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SMART consent page's model and its only way back: what the user is offered for the scopes an app asked for, and
 * what a submitted form may grant (SMART App Launch 2.2 §"Scopes": users may down-scope, and may choose granular
 * sub-scopes instead of a resource-level one).
 *
 * <p>The form is hostile input: a granted value must be one the page offered, so a tampered form can only ever grant
 * less. Scopes that are not resource scopes ({@code openid}, {@code launch/patient}, …) are shown for information and
 * kept as requested.
 */
public final class ConsentChoices {

    /** Category codes the SMART IG and US Core use in granular scopes, offered as alternatives to a whole resource. */
    private static final Map<String, List<String>> GRANULAR = Map.of(
            "Observation", List.of(
                    "http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
                    "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs",
                    "http://terminology.hl7.org/CodeSystem/observation-category|social-history",
                    "http://terminology.hl7.org/CodeSystem/observation-category|survey"),
            "Condition", List.of(
                    "http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis",
                    "http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item",
                    "http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern"));

    /** One tick box. {@code requested} boxes start ticked; granular alternatives start unticked. */
    public record Choice(String scope, String description, boolean requested) {
    }

    /** The boxes for one resource type, in request order. */
    public record Group(String resourceType, List<Choice> choices) {
    }

    private final List<String> others;
    private final List<Group> groups;
    private final Set<String> offered;

    private ConsentChoices(List<String> others, List<Group> groups, Set<String> offered) {
        this.others = List.copyOf(others);
        this.groups = List.copyOf(groups);
        this.offered = Set.copyOf(offered);
    }

    /**
     * @param scopeParameter the scopes left after the client's and the user's ceilings
     * @param ceiling        the client's ceiling: granular alternatives are offered only within it
     */
    public static ConsentChoices of(String scopeParameter, ScopeCeiling ceiling) {
        return of(scopeParameter, ceiling, ScopeWording.ENGLISH);
    }

    /** As {@link #of(String, ScopeCeiling)}, with each permission described in the reader's language. */
    public static ConsentChoices of(String scopeParameter, ScopeCeiling ceiling, ScopeWording wording) {
        List<String> others = new ArrayList<>();
        Map<String, List<Choice>> byType = new LinkedHashMap<>();
        Set<String> offered = new LinkedHashSet<>();
        if (scopeParameter != null && !scopeParameter.isBlank()) {
            for (String token : ScopeParser.SPACES.split(scopeParameter.trim())) {
                Optional<SmartScope.Resource> resource = ScopeParser.resource(token);
                if (resource.isEmpty()) {
                    if (!others.contains(token)) {
                        others.add(token);
                    }
                    continue;
                }
                SmartScope.Resource r = resource.get();
                if (!offered.add(token)) {
                    continue;
                }
                List<Choice> group = byType.computeIfAbsent(r.resourceType(), t -> new ArrayList<>());
                group.add(new Choice(token, ScopeDescriptions.describe(r, wording), true));
                for (SmartScope.Resource alternative : granularAlternatives(r, ceiling)) {
                    if (offered.add(alternative.original())) {
                        group.add(new Choice(alternative.original(), ScopeDescriptions.describe(alternative, wording), false));
                    }
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        byType.forEach((type, choices) -> groups.add(new Group(type, choices)));
        return new ConsentChoices(others, groups, offered);
    }

    /** Read or search of a whole resource type that has IG categories: offer each category on its own. */
    private static List<SmartScope.Resource> granularAlternatives(SmartScope.Resource scope, ScopeCeiling ceiling) {
        List<String> codes = GRANULAR.get(scope.resourceType());
        if (codes == null || scope.granular() || scope.wildcardType() || scope.permissions().writes()) {
            return List.of();
        }
        String base = scope.context().prefix() + "/" + scope.resourceType() + "." + scope.permissions().v2();
        List<SmartScope.Resource> out = new ArrayList<>();
        for (String code : codes) {
            ScopeParser.resource(base + "?category=" + code).filter(ceiling::permits).ifPresent(out::add);
        }
        return out;
    }

    /** The data permissions the app asked for (each ticked when the page opens), in request order. */
    public List<String> requested() {
        return groups.stream().flatMap(g -> g.choices().stream()).filter(Choice::requested).map(Choice::scope).toList();
    }

    /** True when there is something for the user to decide. */
    public boolean needsConsent() {
        return !groups.isEmpty();
    }

    public List<String> others() {
        return others;
    }

    public List<Group> groups() {
        return groups;
    }

    /**
     * The scope parameter to grant for the boxes the user ticked: the non-resource scopes as requested, plus the ticked
     * values that were offered, minus those already covered by another ticked one (a granular sub-scope beside its
     * resource-level scope adds nothing). Unknown or tampered values are ignored.
     */
    public String grant(Collection<String> ticked) {
        List<SmartScope.Resource> chosen = new ArrayList<>();
        for (String value : ticked == null ? List.<String>of() : ticked) {
            if (offered.contains(value) && chosen.stream().noneMatch(c -> c.original().equals(value))) {
                ScopeParser.resource(value).ifPresent(chosen::add);
            }
        }
        List<String> granted = new ArrayList<>(others);
        for (SmartScope.Resource r : chosen) {
            boolean covered = chosen.stream().anyMatch(o -> o != r && r.within(o) && !o.within(r));
            if (!covered) {
                granted.add(r.original());
            }
        }
        return String.join(" ", granted);
    }
}
