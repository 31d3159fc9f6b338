package org.moeworkbench.app.common;

/** One point of a training curve as the app draws it: x is a step or an epoch, y a loss or an accuracy. */
public record CurvePoint(double x, double y) {}
