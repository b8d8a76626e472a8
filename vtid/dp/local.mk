# the dataplane: ESP packet processing (user backend)
