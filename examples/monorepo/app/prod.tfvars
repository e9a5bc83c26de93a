instance_type  = "m5.large"
instance_count = 2
