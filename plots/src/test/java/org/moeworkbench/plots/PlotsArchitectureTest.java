package org.moeworkbench.plots;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point one way: app -> plots -> engine. */
@AnalyzeClasses(packages = "org.moeworkbench.plots", importOptions = ImportOption.DoNotIncludeTests.class)
class PlotsArchitectureTest {

    @ArchTest
    static final ArchRule plotsDoNotUseTheApp = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.app..")
            .because("the app uses plots, never the other way round")
            .allowEmptyShould(true); // until the plots module has classes
}
