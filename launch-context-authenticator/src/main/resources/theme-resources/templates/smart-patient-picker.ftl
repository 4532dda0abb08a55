<#import "template.ftl" as layout>
<#-- SMART standalone launch: choose the patient (or encounter) the app will be restricted to. Ids are checked on the
     server against what this page offered; every text shown here is HTML-escaped by FreeMarker. -->
<@layout.registrationLayout bodyClass="oauth"; section>
    <#if section = "header">
        <#if smartPickerMode == "encounter">${msg("smartPickerEncounterTitle")}<#else>${msg("smartPickerPatientTitle")}</#if>
    <#elseif section = "form">
        <form id="smart-picker" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#if smartPickerMode == "search">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="smart-picker-name" class="${properties.kcLabelClass!}">${msg("smartPickerSearchLabel")}</label>
                    <input id="smart-picker-name" name="name" type="search" class="${properties.kcInputClass!}"
                           value="${smartPickerQuery}" maxlength="100" autocomplete="off" autofocus
                           aria-describedby="smart-picker-search-help"/>
                    <p id="smart-picker-search-help">${msg("smartPickerSearchHelp")}</p>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit" name="search" value="search" id="smart-picker-search">${msg("smartPickerSearch")}</button>
                </div>
            </#if>
            <#if smartPickerCandidates?has_content>
                <fieldset id="smart-picker-results">
                    <legend><#if smartPickerMode == "encounter">${msg("smartPickerEncounterLegend")}<#else>${msg("smartPickerPatientLegend")}</#if></legend>
                    <#list smartPickerCandidates as candidate>
                        <div class="pf-v5-c-radio">
                            <input class="pf-v5-c-radio__input" type="radio" id="smart-candidate-${candidate?index}"
                                   name="<#if smartPickerMode == "encounter">encounter<#else>patient</#if>" value="${candidate.id()}"
                                   <#if candidate?index == 0>checked</#if>/>
                            <label class="pf-v5-c-radio__label" for="smart-candidate-${candidate?index}">${candidate.label()}</label>
                            <span class="pf-v5-c-radio__description">${candidate.detail()}<#if candidate.detail()?has_content> · </#if><code>${candidate.id()}</code></span>
                        </div>
                    </#list>
                </fieldset>
            <#elseif smartPickerMode == "search" && smartPickerQuery?has_content>
                <p id="smart-picker-none">${msg("smartPickerNoResults")}</p>
            </#if>
            <div id="kc-form-buttons" class="${properties.kcFormGroupClass!}">
                <#if smartPickerCandidates?has_content>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}" type="submit" name="select" value="select" id="smart-picker-select">${msg("smartPickerSelect")}</button>
                </#if>
                <#if smartPickerHasNext>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit" name="next" value="next" id="smart-picker-next">${msg("smartPickerNext")}</button>
                </#if>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit" name="cancel" value="cancel" id="smart-picker-cancel">${msg("smartPickerCancel")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
