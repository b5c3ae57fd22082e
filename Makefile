# The commands a person types. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
# Maven's own libraries warn on JDK 23+ unless told this (JDK 21 does not know the flag).
JAVA_MAJOR := $(shell sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' $(JAVA_HOME)/release)
export SAM_CLI_TELEMETRY := 0
export MAVEN_OPTS ?= $(if $(filter 21 22,$(JAVA_MAJOR)),,--sun-misc-unsafe-memory-access=allow)
MVN := ./mvnw -B -ntp
SAM := .venv/sam/bin/sam

RECORDER_JAR := functions/build-recorder/target/build-recorder.jar
DEPLOYER_JAR := functions/deployer/target/deployer.jar
# One jar for DeploymentRecorderFunction and SweeperFunction.
RECORDER_FN_JAR := functions/deployment-recorder/target/deployment-recorder.jar
DOMAIN_EVENTS_JAR := functions/domain-events/target/domain-events.jar
GITHUB_DEPLOYMENTS_JAR := functions/github-deployments/target/github-deployments.jar
DASHBOARD_JAR := dashboard/target/dashboard.jar
HM_JAR := cli/target/hm.jar
LAMBDA_RUNTIME_JAR := lambda-runtime/target/lambda-runtime.jar
# make install's destination: PREFIX/bin/hm, PREFIX/lib/harbourmaster, PREFIX/share.
PREFIX ?= $(HOME)/.local
SOURCES = pom.xml $(shell find shared functions local dashboard cli lambda-runtime -name pom.xml -o -path '*/src/main/*' -type f)

.PHONY: help demo build test unit validate sam-build bench drills screenshots install dist hm-current clean

help: ## List the commands
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

demo: ## The whole pipeline on this machine, with a story told as it happens (ARGS=--exit to stop after it)
	scripts/demo.sh $(ARGS)

build: ## Compile, unit-test and package every jar (functions and the hm CLI)
	$(MVN) package

unit: ## Unit tests only (no emulator)
	$(MVN) verify -DskipITs

test: ## Everything CI runs: unit + integration tests against moto, the install check, sam validate --lint, checkov, sam build
	@start=$$(date +%s); \
	scripts/python-env.sh; \
	scripts/browser-env.sh; \
	.venv/moto/bin/python scripts/moto_server_check.py 200; \
	.venv/moto/bin/python scripts/moto_ecs_check.py; \
	rm -rf */target/*-reports functions/*/target/*-reports; \
	scripts/with-moto.sh $(MVN) verify; \
	python3 scripts/test-summary.py; \
	scripts/check-install.sh; \
	$(MAKE) --no-print-directory validate sam-build; \
	echo "make test: $$(( $$(date +%s) - start )) s"

validate: ## sam validate --lint, checkov, and the IAM rules on SAM's translation, of the hub and the spoke (no finding silenced without a written reason)
	$(SAM) validate --lint
	$(SAM) validate --lint -t spoke/template.yaml
	scripts/checkov.sh
	scripts/checkov.sh spoke/template.yaml
	.venv/sam/bin/python scripts/template_check.py --self-test
	.venv/sam/bin/python scripts/template_check.py --self-test spoke/template.yaml

sam-build: ## sam build, through the build-<LogicalId> targets below
	$(SAM) build --build-in-source

# Every *Benchmark class of every module (names that end in neither Test nor IT, so make test runs none),
# each on a moto of its own; each rewrites its own section of docs/BENCHMARKS.md. BENCH=Warm picks some.
bench: ## Benchmarks against moto (not tests): prints tables and rewrites docs/BENCHMARKS.md (BENCH=Name for some)
	scripts/python-env.sh moto ecs-deploy
	$(MVN) -q install -DskipTests
	scripts/bench.sh $(BENCH)

screenshots: ## Take the dashboard's screenshots in docs/screenshots again (the browser tests, in headless Chromium)
	scripts/python-env.sh moto
	scripts/browser-env.sh
	$(MVN) -q install -DskipTests
	scripts/with-moto.sh $(MVN) -q -pl cli verify -Dit.test=DashboardBrowserIT -Dtest=none \
		-Dsurefire.failIfNoSpecifiedTests=false -Dscreenshots.dir=$(CURDIR)/docs/screenshots

drills: ## Fault drills against moto, long versions (a few minutes): tried/survived/lost per drill, rewrites docs/RELIABILITY.md
	scripts/python-env.sh moto
	rm -rf drills/target/drills
	@# The report is written whatever the drills found; then make fails if a drill lost something.
	status=0; scripts/with-moto.sh $(MVN) -q -pl drills -am verify -Ddrills.long=true -Dtest.timeout=30m -Dtest.fork.timeout=3600 -Dtest=none \
		-Dsurefire.failIfNoSpecifiedTests=false -Dit.test='*DrillIT' -Dfailsafe.failIfNoSpecifiedTests=false || status=$$?; \
	python3 scripts/drills-report.py; exit $$status

install: hm-current ## Install hm under PREFIX (default ~/.local): bin/hm, its jar, man pages, bash/zsh/fish completions
	scripts/install-hm.sh "$(PREFIX)"

dist: hm-current ## The release archive cli/target/hm-VERSION.tar.gz (bin/, lib/, share/ under hm-VERSION/)
	@version=$$("$(JAVA_HOME)/bin/java" -jar $(HM_JAR) --version | awk '{print $$2}'); \
	rm -rf cli/target/dist; \
	scripts/install-hm.sh "cli/target/dist/hm-$$version" >/dev/null; \
	tar -C cli/target/dist -czf "cli/target/hm-$$version.tar.gz" "hm-$$version"; \
	echo "cli/target/hm-$$version.tar.gz"

# hm.jar names the commit it was built from, and a commit changes no source: make install and make dist rebuild it
# when that is not the commit a build would name now (git describe, as cli/pom.xml asks it).
# It looks only at what hm.jar is built from: GitHubActionIT runs make install while the reactor has not yet
# built the modules after cli, and the grouped rule below would build everything again under it.
hm-current:
	@built=$$([[ -f $(HM_JAR) ]] && "$(JAVA_HOME)/bin/java" -jar $(HM_JAR) --version); \
	now=$$(git describe --always --dirty --exclude='*' 2>/dev/null || echo unknown); \
	newer=$$([[ -f $(HM_JAR) ]] && find pom.xml shared functions local dashboard cli -not -path '*/target/*' \( -name pom.xml -o -path '*/src/main/*' \) \
		-type f -newer $(HM_JAR) -print -quit); \
	[[ "$$built" == *"(commit $$now)" && -z "$$newer" ]] || $(MVN) -q package -pl cli -am -DskipTests

clean: ## Remove build output (keeps the virtualenvs)
	$(MVN) -q clean
	rm -rf .aws-sam .run

$(RECORDER_JAR) $(DEPLOYER_JAR) $(RECORDER_FN_JAR) $(DOMAIN_EVENTS_JAR) $(GITHUB_DEPLOYMENTS_JAR) $(DASHBOARD_JAR) $(HM_JAR) $(LAMBDA_RUNTIME_JAR) &: $(SOURCES)
	$(MVN) -q package -DskipTests

# Called by `sam build` (BuildMethod: makefile): Lambda puts lib/*.jar on the classpath.
build-BuildRecorderFunction: $(RECORDER_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(RECORDER_JAR) "$(ARTIFACTS_DIR)/lib/"

build-DeployerFunction: $(DEPLOYER_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(DEPLOYER_JAR) "$(ARTIFACTS_DIR)/lib/"

build-DeploymentRecorderFunction: $(RECORDER_FN_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(RECORDER_FN_JAR) "$(ARTIFACTS_DIR)/lib/"

build-SweeperFunction: $(RECORDER_FN_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(RECORDER_FN_JAR) "$(ARTIFACTS_DIR)/lib/"

build-DomainEventsFunction: $(DOMAIN_EVENTS_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(DOMAIN_EVENTS_JAR) "$(ARTIFACTS_DIR)/lib/"

build-GitHubDeploymentsFunction: $(GITHUB_DEPLOYMENTS_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(GITHUB_DEPLOYMENTS_JAR) "$(ARTIFACTS_DIR)/lib/"

build-DashboardFunction: $(DASHBOARD_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(DASHBOARD_JAR) "$(ARTIFACTS_DIR)/lib/"

build-DashboardApiFunction: $(DASHBOARD_JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(DASHBOARD_JAR) "$(ARTIFACTS_DIR)/lib/"
