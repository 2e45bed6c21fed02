# The SSH options are a single object; its ID is always "options".
terraform import sps_ssh_options.this options
