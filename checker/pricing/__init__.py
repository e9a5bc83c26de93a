"""Price sources: the embedded catalog (offline default) and the AWS Price List API."""
