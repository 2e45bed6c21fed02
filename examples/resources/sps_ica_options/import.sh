# The ICA options are a single object; its ID is always "options".
terraform import sps_ica_options.this options
