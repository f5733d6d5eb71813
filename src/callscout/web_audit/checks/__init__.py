"""Every website check, one module each. Importing this package registers them all."""
