# The HTTP options are a single object; its ID is always "options".
terraform import sps_http_options.this options
