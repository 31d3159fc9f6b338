package org.moeworkbench.engine.model;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a test class with ND4J's default data types at float64 (so the scalar constants of a graph and the finite
 * differences are exact enough) and puts the previous defaults back afterwards.
 */
public final class Float64Defaults implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(Float64Defaults.class);

    private record Previous(DataType dataType, DataType floatType) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(Previous.class, new Previous(Nd4j.dataType(), Nd4j.defaultFloatingPointType()));
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Previous previous = context.getStore(NAMESPACE).get(Previous.class, Previous.class);
        Nd4j.setDefaultDataTypes(previous.dataType(), previous.floatType());
    }
}
