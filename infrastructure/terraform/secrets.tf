# The secrets' values are never in Terraform (its state would hold them): an operator sets them
# once with `aws secretsmanager put-secret-value` (RUNBOOK.md, "Rotate keys and tokens"). The
# database password is RDS-managed (data.tf), so none of the three is ever typed into a file.

resource "aws_secretsmanager_secret" "secret_key" {
  name                    = "${local.name}/secret-key"
  description             = "SECRET_KEY of the costcheck service"
  recovery_window_in_days = var.environment == "prod" ? 30 : 0
}

resource "aws_secretsmanager_secret" "run_task_hmac_key" {
  name                    = "${local.name}/run-task-hmac-key"
  description             = "COSTCHECK_RUN_TASK_HMAC_KEY: verifies Terraform Cloud run-task requests"
  recovery_window_in_days = var.environment == "prod" ? 30 : 0
}
