#!/usr/bin/env bash
# Deploy the costcheck service to one environment (`make deploy ENV=...`; RUNBOOK.md).
#
#   deploy.sh [--dry-run] ENVIRONMENT
#
# Steps: terraform plan -> costcheck prices the plan and checks it against its own cost policies
# (a blocking finding stops the deploy) -> image build and push to ECR -> terraform apply ->
# migrations (`costcheck db upgrade`, a one-off task) -> wait for the service -> smoke test.
# --dry-run (or DRY_RUN=1) prints every command and runs none. Without it, a machine that lacks
# the tools or AWS credentials gets the commands printed and exit 3: nothing is deployed then.
set -euo pipefail

die() {
  echo "deploy.sh: $*" >&2
  exit 2
}

dry_run="${DRY_RUN:-0}"
case "$dry_run" in 0 | 1) ;; *) die "DRY_RUN must be 0 or 1, got '$dry_run'" ;; esac
environment=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1; shift ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) [ -z "$environment" ] || die "one ENVIRONMENT only"; environment="$1"; shift ;;
  esac
done
[ -n "$environment" ] || die "usage: deploy.sh [--dry-run] ENVIRONMENT (make deploy ENV=dev|staging|prod)"
case "$environment" in dev | staging | prod) ;; *) die "ENVIRONMENT must be dev, staging or prod, got '$environment'" ;; esac

repo="$(cd "$(dirname "$0")/.." && pwd)"
tf_dir="$repo/infrastructure/terraform"
region="$(sed -n 's/^aws_region *= *"\(.*\)"$/\1/p' "$tf_dir/environments/$environment.tfvars")"
[ -n "$region" ] || die "no aws_region in environments/$environment.tfvars"
tag="$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unversioned)"
COSTCHECK_POLICIES=(--policy builtin:budget --policy builtin:network --policy builtin:tagging)

# Why this machine cannot deploy (empty: it can).
blocker=""
if [ "$dry_run" -eq 0 ]; then
  for tool in terraform aws docker costcheck; do
    command -v "$tool" >/dev/null 2>&1 || { blocker="$tool is not installed"; break; }
  done
  if [ -z "$blocker" ] && ! aws sts get-caller-identity >/dev/null 2>&1; then
    blocker="no usable AWS credentials (aws sts get-caller-identity failed)"
  fi
  if [ -z "$blocker" ] && [ ! -f "$tf_dir/environments/$environment.s3.tfbackend" ]; then
    blocker="no state backend config: run scripts/bootstrap_state_backend.sh $environment first"
  fi
  [ -z "$blocker" ] || echo "deploy.sh: cannot deploy from here: $blocker. The commands it would run:" >&2
fi
printing=$([ "$dry_run" -eq 1 ] || [ -n "$blocker" ] && echo 1 || echo 0)

if [ "$printing" -eq 1 ]; then
  account="${AWS_ACCOUNT_ID:-ACCOUNT_ID}"
else
  account="$(aws sts get-caller-identity --query Account --output text)"
fi
registry="$account.dkr.ecr.$region.amazonaws.com"
image="$registry/costcheck:$tag"

# shellcheck source-path=SCRIPTDIR source=lib/show_run.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/show_run.sh"

# A value terraform knows after apply; printed as the command that reads it.
output() {
  if [ "$printing" -eq 1 ]; then
    echo "\$(terraform -chdir=$tf_dir output -raw $1)"
  else
    terraform -chdir="$tf_dir" output -raw "$1"
  fi
}

echo "== $environment: plan"
run terraform -chdir="$tf_dir" init -input=false -reconfigure \
  "-backend-config=environments/$environment.s3.tfbackend"
run terraform -chdir="$tf_dir" plan -input=false "-var-file=environments/$environment.tfvars" \
  "-var=container_image=$image" "-out=$environment.tfplan"

echo "== $environment: what it costs, and the cost policies (a blocking finding stops here)"
plan_json="$tf_dir/$environment.plan.json"
if [ "$printing" -eq 1 ]; then
  echo "+ terraform -chdir=$tf_dir show -json $environment.tfplan > $plan_json"
else
  terraform -chdir="$tf_dir" show -json "$environment.tfplan" >"$plan_json"
fi
run costcheck breakdown "$plan_json"
run costcheck check "$plan_json" "${COSTCHECK_POLICIES[@]}"

echo "== $environment: image $image"
run docker build -t "$image" "$repo"
if [ "$printing" -eq 1 ]; then
  echo "+ aws ecr get-login-password --region $region | docker login --username AWS --password-stdin $registry"
else
  aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"
fi
run docker push "$image"

echo "== $environment: apply"
run terraform -chdir="$tf_dir" apply -input=false "$environment.tfplan"

echo "== $environment: migrations (before the new tasks start)"
cluster="$(output ecs_cluster)"
family="$(output task_definition_family)"
subnets="$(output private_subnet_ids_csv)"
group="$(output app_security_group_id)"
network="awsvpcConfiguration={subnets=[$subnets],securityGroups=[$group],assignPublicIp=DISABLED}"
overrides='{"containerOverrides":[{"name":"costcheck","command":["costcheck","db","upgrade"]}]}'
if [ "$printing" -eq 1 ]; then
  run aws ecs run-task --cluster "$cluster" --launch-type FARGATE --task-definition "$family" \
    --network-configuration "$network" --overrides "$overrides"
  echo "+ aws ecs wait tasks-stopped --cluster $cluster --tasks <the task's ARN>  # then its exit code must be 0"
else
  task="$(aws ecs run-task --cluster "$cluster" --launch-type FARGATE --task-definition "$family" \
    --network-configuration "$network" --overrides "$overrides" --query 'tasks[0].taskArn' --output text)"
  aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
  code="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
    --query 'tasks[0].containers[0].exitCode' --output text)"
  [ "$code" = 0 ] || { echo "deploy.sh: migrations failed (exit $code); the service was not updated" >&2; exit 1; }
fi

echo "== $environment: roll out"
service="$(output ecs_service)"
run aws ecs update-service --cluster "$cluster" --service "$service" --force-new-deployment
run aws ecs wait services-stable --cluster "$cluster" --services "$service"

echo "== $environment: smoke test"
run "$repo/scripts/smoke_test.sh" "$environment"

if [ -n "$blocker" ]; then
  echo "deploy.sh: NOT deployed: $blocker" >&2
  exit 3
fi
