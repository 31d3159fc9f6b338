package org.moeworkbench.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The moe command sits beside the app: cli -> plots -> engine, app -> plots -> engine. */
@AnalyzeClasses(packages = "org.moeworkbench.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliArchitectureTest {

    @ArchTest
    static final ArchRule cliDoesNotUseTheApp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.app..")
            .because("the CLI and the app are two front ends of the same engine; neither builds on the other");

    @ArchTest
    static final ArchRule cliIsHeadless = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "javax.swing..")
            .because("`moe` runs on servers, in CI and on Spark executors without a display");
}
