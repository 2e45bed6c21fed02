# The Telnet options are a single object; its ID is always "options".
terraform import sps_telnet_options.this options
