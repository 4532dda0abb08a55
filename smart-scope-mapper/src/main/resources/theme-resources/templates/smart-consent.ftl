<#import "template.ftl" as layout>
<#-- SMART consent: every requested data permission in plain language, grouped by kind of record. Requested
     permissions start ticked; categories offered instead of a whole kind start unticked. Values are checked on the
     server against what this page offered. No inline styles (a strict style-src CSP stays possible): the smart
     theme's stylesheet lays the page out; under any other theme it renders with PatternFly's classes alone. -->
<@layout.registrationLayout bodyClass="oauth"; section>
    <#if section = "header">
        ${msg("smartConsentTitle", smartClientName)}
    <#elseif section = "form">
        <form id="smart-consent" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="smart-consent-intro">${msg("smartConsentIntro", smartClientName)}</p>
            <#list smartConsent.groups() as group>
                <fieldset class="smart-consent-group" id="smart-group-${group?index}">
                    <legend>${group.resourceType()}</legend>
                    <#list group.choices() as choice>
                        <div class="pf-v5-c-check smart-consent-choice<#if !choice.requested()> smart-consent-category</#if>">
                            <input class="pf-v5-c-check__input" type="checkbox" name="scope" value="${choice.scope()}"
                                   id="smart-scope-${group?index}-${choice?index}" <#if choice.requested()>checked</#if>
                                   aria-describedby="smart-scope-${group?index}-${choice?index}-code"/>
                            <label class="pf-v5-c-check__label" for="smart-scope-${group?index}-${choice?index}">
                                <#if !choice.requested()>${msg("smartConsentOnly")} </#if>${choice.description()}
                            </label>
                            <span class="pf-v5-c-check__description" id="smart-scope-${group?index}-${choice?index}-code"><code>${choice.scope()}</code></span>
                        </div>
                    </#list>
                </fieldset>
            </#list>
            <#if smartConsent.others()?has_content>
                <p class="smart-consent-others">${msg("smartConsentAlways")}
                    <#list smartConsent.others() as other><code>${other}</code><#sep>, </#sep></#list>
                </p>
            </#if>
            <div id="kc-form-buttons" class="${properties.kcFormGroupClass!}">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}" type="submit" name="grant" id="smart-consent-grant" value="grant">${msg("smartConsentGrant")}</button>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit" name="deny" id="smart-consent-deny" value="deny">${msg("smartConsentDeny")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
