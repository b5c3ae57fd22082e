# The ECS side of one environment as a team's Terraform (or OpenTofu) keeps it, living beside
# Harbourmaster: Terraform owns the cluster, the service and the shape of its task definition
# (memory, environment, roles, ports); Harbourmaster owns which image runs. Names follow
# examples/harbourmaster.yml: cluster catalogue-staging, ecsServiceName "catalogue-{service}-{env}".

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "registry" {
  description = "The ECR registry of the manifest's repositories: ACCOUNT.dkr.ecr.REGION.amazonaws.com"
  type        = string
}

resource "aws_ecs_cluster" "staging" {
  name = "catalogue-staging"
}

resource "aws_ecs_task_definition" "id_minter" {
  family = "catalogue-id_minter-staging"
  container_definitions = jsonencode([{
    # The manifest's container name (a one-container service's container is named after the service).
    name = "id_minter"
    # The image placeholder: only the first revision runs it. Harbourmaster registers each new
    # revision as a copy of what the service runs with the release's image, by digest.
    image       = "${var.registry}/catalogue/id_minter:bootstrap"
    memory      = 512
    essential   = true
    environment = [{ name = "LOG_LEVEL", value = "info" }]
  }])
}

resource "aws_ecs_service" "id_minter" {
  name            = "catalogue-id_minter-staging"
  cluster         = aws_ecs_cluster.staging.id
  task_definition = aws_ecs_task_definition.id_minter.arn
  desired_count   = 1

  lifecycle {
    # Harbourmaster moves the service to the revisions it registers. Without this, the next
    # terraform apply would point the service back at the placeholder image.
    ignore_changes = [task_definition]
  }
}
