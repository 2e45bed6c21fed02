# Import settings by their endpoint, relative to /api/configuration.
terraform import sps_config_settings.ssh ssh/options
