package consumer

import (
	"github.com/aws-break-glass-role/aws-break-glass-role-go/awsbreakglassrole"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"
)

func evidence() awsiam.PolicyStatement {
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("s3:GetObject"),
		Resources: jsii.Strings("arn:aws:s3:::evidence/*"),
	})
}

// NewEveryPartApp is consumers/every-part.ts: every public construct, factory and prop, each given a value.
func NewEveryPartApp(outdir string) awscdk.App {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})

	parts := awscdk.NewStack(app, jsii.String("Parts"), &awscdk.StackProps{Env: env("111122223333")})
	role := awsiam.Role_FromRoleName(parts, jsii.String("Role"), jsii.String("BreakGlass"), nil)
	key := awskms.NewKey(parts, jsii.String("Key"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})
	alerts := awssns.NewTopic(parts, jsii.String("Alerts"), &awssns.TopicProps{TopicName: jsii.String("break-glass-alerts")})
	chat := awssns.NewTopic(parts, jsii.String("Chat"), &awssns.TopicProps{TopicName: jsii.String("break-glass-chat")})
	secondChannel := awsevents.EventBus_FromEventBusArn(parts, jsii.String("SecondChannel"), jsii.String("arn:aws:events:us-east-2:222233334444:event-bus/break-glass"))
	watch := awsbreakglassrole.NewBreakGlassWatch(parts, jsii.String("Watch"), &awsbreakglassrole.BreakGlassWatchProps{
		Role:    role,
		Regions: jsii.Strings("eu-west-1", "ap-southeast-2"),
		RegionalDeployment: awsbreakglassrole.RegionalDeployment_StackSet(&awsbreakglassrole.StackSetDeploymentOptions{
			AdministrationRole: awsiam.Role_FromRoleName(parts, jsii.String("Administration"), jsii.String("AWSCloudFormationStackSetAdministrationRole"), nil),
			ExecutionRoleName:  jsii.String("AWSCloudFormationStackSetExecutionRole"),
		}),
		ForwardingAlarmEmails: jsii.Strings("oncall@example.com"),
		Canary:                jsii.Bool(false),
		Trail:                 awsbreakglassrole.TrailSetup_ExistingTrail(jsii.String("arn:aws:cloudtrail:us-east-2:111122223333:trail/main")),
		SecondChannelBus:      secondChannel,
		ManagementAccount:     jsii.Bool(true),
		AlarmTopic:            alerts,
		ChatTopic:             chat,
		Retention:             awslogs.RetentionDays_ONE_YEAR,
		LogGroupRemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		EncryptionKey:         key,
	})
	loginAlert := awsbreakglassrole.NewBreakGlassLoginAlert(parts, jsii.String("LoginAlert"), &awsbreakglassrole.BreakGlassLoginAlertProps{
		Role:                  role,
		Watch:                 watch,
		AlertTopic:            alerts,
		ChatTopic:             chat,
		LoginAlertEmails:      jsii.Strings("security@example.com"),
		Message:               jsii.String("The break-glass role was used."),
		CreateLoginLogGroup:   jsii.Bool(true),
		Retention:             awslogs.RetentionDays_ONE_YEAR,
		LogGroupRemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		EncryptionKey:         key,
	})
	logActions := awsbreakglassrole.NewBreakGlassLogActions(parts, jsii.String("LogActions"), &awsbreakglassrole.BreakGlassLogActionsProps{
		Role:                  role,
		Watch:                 watch,
		LogActions:            awsbreakglassrole.LogActions_WRITE,
		LogServices:           jsii.Strings("s3", "iam"),
		SourceIdentities:      jsii.Strings("alice"),
		Retention:             awslogs.RetentionDays_TWO_YEARS,
		LogGroupRemovalPolicy: awscdk.RemovalPolicy_SNAPSHOT,
		EncryptionKey:         key,
	})
	readiness := awsbreakglassrole.NewBreakGlassReadinessCheck(parts, jsii.String("ReadinessCheck"), &awsbreakglassrole.BreakGlassReadinessCheckProps{
		Role: role,
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_Federated(jsii.String("dave"), jsii.String("Operators")),
			awsbreakglassrole.Username_IdentityCenter(jsii.String("carol@example.com"), jsii.String("Admin")),
		},
		AlertTopic:            alerts,
		ChatTopic:             chat,
		Watch:                 watch,
		IdentityCenterRegion:  jsii.String("us-east-1"),
		AllowAccessKeys:       jsii.Bool(true),
		ReadinessInterval:     awscdk.Duration_Hours(jsii.Number(12)),
		DrillInterval:         awscdk.Duration_Days(jsii.Number(30)),
		Retention:             awslogs.RetentionDays_ONE_YEAR,
		LogGroupRemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		EncryptionKey:         key,
	})
	awsbreakglassrole.NewBreakGlassTamperAlert(parts, jsii.String("TamperAlert"), &awsbreakglassrole.BreakGlassTamperAlertProps{
		Role:             role,
		Watch:            watch,
		Functions:        &[]awslambda.IFunction{readiness.Function()},
		AlertTopic:       alerts,
		ChatTopic:        chat,
		Rules:            loginAlert.Rules(),
		EventBuses:       &[]awsevents.IEventBus{awsevents.EventBus_FromEventBusName(parts, jsii.String("Bus"), jsii.String("audit"))},
		LogGroups:        &[]awslogs.ILogGroup{logActions.ActionLogGroup()},
		Keys:             &[]awskms.IKey{key},
		TrailArns:        jsii.Strings("arn:aws:cloudtrail:us-east-2:111122223333:trail/audit"),
		DeliveryHealth:   jsii.Bool(false),
		QueryDefinitions: logActions.ActionQueries(),
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_Federated(jsii.String("dave"), jsii.String("Operators")),
		},
	})
	awsbreakglassrole.NewBreakGlassDeliveryHealth(parts, jsii.String("DeliveryHealth"), &awsbreakglassrole.BreakGlassDeliveryHealthProps{
		DeadLetterQueue: awssqs.NewQueue(parts, jsii.String("DeadLetters"), &awssqs.QueueProps{EnforceSSL: jsii.Bool(true), EncryptionMasterKey: key}),
		AlarmTopic:      alerts,
		ChatTopic:       chat,
		AlarmName:       jsii.String("break-glass-dead-letters"),
	})
	awsbreakglassrole.NewBreakGlassDeployer(parts, jsii.String("NewUser"), &awsbreakglassrole.BreakGlassDeployerProps{
		Deployer:                awsbreakglassrole.Deployer_NewUser(jsii.String("deployer")),
		BreakGlassRole:          role,
		CanManageBreakGlassRole: jsii.Bool(true),
		BootstrapQualifier:      jsii.String("abc123def"),
		AllowSessionTags:        jsii.Bool(true),
		BootstrapRegions:        jsii.Strings("eu-west-1"),
	})
	deployers := []struct {
		id       string
		deployer awsbreakglassrole.Deployer
	}{
		{"NewRole", awsbreakglassrole.Deployer_NewRole()},
		{"ExistingUser", awsbreakglassrole.Deployer_ExistingUser(jsii.String("ci"))},
		{"ExistingRole", awsbreakglassrole.Deployer_ExistingRole(jsii.String("ci-deploy"))},
		{"FromUser", awsbreakglassrole.Deployer_FromUser(awsiam.NewUser(parts, jsii.String("Ci"), nil))},
		{"FromRole", awsbreakglassrole.Deployer_FromRole(awsiam.NewRole(parts, jsii.String("CiRole"), &awsiam.RoleProps{
			AssumedBy: awsiam.NewAccountRootPrincipal(),
		}))},
	}
	for _, d := range deployers {
		awsbreakglassrole.NewBreakGlassDeployer(parts, jsii.String(d.id), &awsbreakglassrole.BreakGlassDeployerProps{Deployer: d.deployer})
	}

	alone := awscdk.NewStack(app, jsii.String("Alone"), &awscdk.StackProps{Env: env("111122223333")})
	aloneTopic := awssns.NewTopic(alone, jsii.String("Alerts"), nil)
	aloneChannel := awsevents.EventBus_FromEventBusArn(alone, jsii.String("SecondChannel"), jsii.String("arn:aws:events:us-east-2:222233334444:event-bus/break-glass"))
	// With the canary: each part gives the same watch options, and they share the watch they make.
	canaried := awsiam.Role_FromRoleName(alone, jsii.String("Canaried"), jsii.String("Canaried"), nil)
	awsbreakglassrole.NewBreakGlassLoginAlert(alone, jsii.String("CanariedLoginAlert"), &awsbreakglassrole.BreakGlassLoginAlertProps{
		Role:               canaried,
		AlertTopic:         aloneTopic,
		Regions:            jsii.Strings("eu-west-1"),
		RegionalDeployment: awsbreakglassrole.RegionalDeployment_RegionalStacks(),
		CanaryInterval:     awscdk.Duration_Hours(jsii.Number(2)),
		SecondChannelBus:   aloneChannel,
		ManagementAccount:  jsii.Bool(true),
		Trail:              awsbreakglassrole.TrailSetup_ExistingTrail(nil),
	})
	awsbreakglassrole.NewBreakGlassLogActions(alone, jsii.String("CanariedLogActions"), &awsbreakglassrole.BreakGlassLogActionsProps{
		Role:               canaried,
		Regions:            jsii.Strings("eu-west-1"),
		RegionalDeployment: awsbreakglassrole.RegionalDeployment_RegionalStacks(),
		CanaryInterval:     awscdk.Duration_Hours(jsii.Number(2)),
		SecondChannelBus:   aloneChannel,
		ManagementAccount:  jsii.Bool(true),
		Trail:              awsbreakglassrole.TrailSetup_ExistingTrail(nil),
	})
	awsbreakglassrole.NewBreakGlassTamperAlert(alone, jsii.String("CanariedTamperAlert"), &awsbreakglassrole.BreakGlassTamperAlertProps{
		Role:               canaried,
		AlertTopic:         aloneTopic,
		Regions:            jsii.Strings("eu-west-1"),
		RegionalDeployment: awsbreakglassrole.RegionalDeployment_RegionalStacks(),
		CanaryInterval:     awscdk.Duration_Hours(jsii.Number(2)),
		SecondChannelBus:   aloneChannel,
		ManagementAccount:  jsii.Bool(true),
		Trail:              awsbreakglassrole.TrailSetup_ExistingTrail(nil),
	})
	// With forwarding alarms instead of the canary.
	forwarded := awsiam.Role_FromRoleName(alone, jsii.String("Forwarded"), jsii.String("Forwarded"), nil)
	awsbreakglassrole.NewBreakGlassLoginAlert(alone, jsii.String("ForwardedLoginAlert"), &awsbreakglassrole.BreakGlassLoginAlertProps{
		Role:                  forwarded,
		AlertTopic:            aloneTopic,
		Regions:               jsii.Strings("eu-west-1"),
		RegionalDeployment:    awsbreakglassrole.RegionalDeployment_StackSet(nil),
		Canary:                jsii.Bool(false),
		ForwardingAlarmEmails: jsii.Strings("oncall@example.com"),
	})
	awsbreakglassrole.NewBreakGlassLogActions(alone, jsii.String("ForwardedLogActions"), &awsbreakglassrole.BreakGlassLogActionsProps{
		Role:                  forwarded,
		Regions:               jsii.Strings("eu-west-1"),
		RegionalDeployment:    awsbreakglassrole.RegionalDeployment_StackSet(nil),
		Canary:                jsii.Bool(false),
		ForwardingAlarmEmails: jsii.Strings("oncall@example.com"),
	})
	awsbreakglassrole.NewBreakGlassTamperAlert(alone, jsii.String("ForwardedTamperAlert"), &awsbreakglassrole.BreakGlassTamperAlertProps{
		Role:                  forwarded,
		AlertTopic:            aloneTopic,
		Regions:               jsii.Strings("eu-west-1"),
		RegionalDeployment:    awsbreakglassrole.RegionalDeployment_StackSet(nil),
		Canary:                jsii.Bool(false),
		ForwardingAlarmEmails: jsii.Strings("oncall@example.com"),
	})
	awsbreakglassrole.NewBreakGlassWatch(alone, jsii.String("Watch"), &awsbreakglassrole.BreakGlassWatchProps{
		Role:           awsiam.Role_FromRoleName(alone, jsii.String("Watched"), jsii.String("Watched"), nil),
		CanaryInterval: awscdk.Duration_Minutes(jsii.Number(30)),
	})

	roleStack := awscdk.NewStack(app, jsii.String("Role"), &awscdk.StackProps{Env: env("111122223333")})
	awsbreakglassrole.NewBreakGlassRole(roleStack, jsii.String("BreakGlass"), &awsbreakglassrole.BreakGlassRoleProps{
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_FromUser(awsiam.User_FromUserName(roleStack, jsii.String("Bob"), jsii.String("bob"))),
			awsbreakglassrole.Username_Federated(jsii.String("dave"), jsii.String("Operators")),
			awsbreakglassrole.Username_IdentityCenter(jsii.String("carol@example.com"), jsii.String("Admin")),
		},
		RoleName:                jsii.String("Emergency"),
		ManagedPolicies:         &[]awsiam.IManagedPolicy{awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("ReadOnlyAccess"))},
		PolicyStatements:        &[]awsiam.PolicyStatement{evidence()},
		MaxSessionDuration:      awscdk.Duration_Hours(jsii.Number(2)),
		RequireMfa:              jsii.Bool(false),
		DenyUnwatchedRegions:    jsii.Bool(false),
		AlertTopic:              awssns.NewTopic(roleStack, jsii.String("Alerts"), nil),
		ChatTopic:               awssns.NewTopic(roleStack, jsii.String("Chat"), nil),
		LoginAlertEmails:        jsii.Strings("security@example.com"),
		Message:                 jsii.String("Emergency access was used."),
		CreateLoginLogGroup:     jsii.Bool(true),
		LogActions:              awsbreakglassrole.LogActions_READ,
		LogServices:             jsii.Strings("ec2"),
		Retention:               awslogs.RetentionDays_THREE_MONTHS,
		LogGroupRemovalPolicy:   awscdk.RemovalPolicy_DESTROY,
		EncryptionKey:           awskms.NewKey(roleStack, jsii.String("Key"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)}),
		Regions:                 jsii.Strings("eu-west-1"),
		RegionalDeployment:      awsbreakglassrole.RegionalDeployment_RegionalStacks(),
		CanaryInterval:          awscdk.Duration_Hours(jsii.Number(6)),
		Trail:                   awsbreakglassrole.TrailSetup_CreateTrail(&awsbreakglassrole.CreateTrailOptions{TrailName: jsii.String("break-glass")}),
		SecondChannelBus:        awsevents.EventBus_FromEventBusArn(roleStack, jsii.String("SecondChannel"), jsii.String("arn:aws:events:us-east-2:222233334444:event-bus/break-glass")),
		ManagementAccount:       jsii.Bool(true),
		CanManageBreakGlassRole: jsii.Bool(false),
		Deployer:                awsbreakglassrole.Deployer_NewRole(),
		TamperAlerts:            jsii.Bool(false),
		ReadinessInterval:       awscdk.Duration_Hours(jsii.Number(12)),
		DrillInterval:           awscdk.Duration_Days(jsii.Number(30)),
	})

	imported := awscdk.NewStack(app, jsii.String("Imported"), &awscdk.StackProps{Env: env("111122223333")})
	awsbreakglassrole.NewBreakGlassRole(imported, jsii.String("BreakGlass"), &awsbreakglassrole.BreakGlassRoleProps{
		Role:                    awsiam.Role_FromRoleName(imported, jsii.String("Existing"), jsii.String("Existing"), nil),
		Usernames:               &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IamUser(jsii.String("alice"))},
		Regions:                 jsii.Strings("*"),
		RegionalDeployment:      awsbreakglassrole.RegionalDeployment_StackSet(nil),
		Canary:                  jsii.Bool(false),
		ForwardingAlarmEmails:   jsii.Strings("oncall@example.com"),
		Trail:                   awsbreakglassrole.TrailSetup_CreateTrail(nil),
		CanManageBreakGlassRole: jsii.Bool(true),
		DenyUnwatchedRegions:    jsii.Bool(true),
		ReadinessCheck:          jsii.Bool(false),
	})

	hubStack := awscdk.NewStack(app, jsii.String("Hub"), &awscdk.StackProps{Env: env("222233334444")})
	hub := awsbreakglassrole.NewBreakGlassOrganizationHub(hubStack, jsii.String("Hub"), &awsbreakglassrole.BreakGlassOrganizationHubProps{
		OrganizationId:        jsii.String("o-a1b2c3d4e5"),
		RoleName:              jsii.String("BreakGlass"),
		OrganizationalUnits:   jsii.Strings("ou-ab12-workload1", "r-ab12"),
		Regions:               jsii.Strings("eu-west-1"),
		TamperAlerts:          jsii.Bool(false),
		AlertTopic:            awssns.NewTopic(hubStack, jsii.String("Alerts"), nil),
		ChatTopic:             awssns.NewTopic(hubStack, jsii.String("Chat"), nil),
		LoginAlertEmails:      jsii.Strings("security@example.com"),
		Message:               jsii.String("A break-glass role of the organization was used."),
		CreateLoginLogGroup:   jsii.Bool(true),
		LogActions:            awsbreakglassrole.LogActions_WRITE,
		LogServices:           jsii.Strings("iam"),
		Retention:             awslogs.RetentionDays_ONE_YEAR,
		LogGroupRemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		EncryptionKey:         awskms.NewKey(hubStack, jsii.String("Key"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)}),
		CanaryInterval:        awscdk.Duration_Hours(jsii.Number(4)),
	})

	management := awscdk.NewStack(app, jsii.String("Management"), &awscdk.StackProps{Env: env("999988887777")})
	organization := awsbreakglassrole.NewBreakGlassOrganizationRole(management, jsii.String("Organization"), &awsbreakglassrole.BreakGlassOrganizationRoleProps{
		Hub:                 hub,
		OrganizationalUnits: jsii.Strings("ou-ab12-workload1", "r-ab12"),
		TrustedAccount:      jsii.String("111122223333"),
		Regions:             jsii.Strings("eu-west-1"),
		CallAs:              awsbreakglassrole.StackSetCallAs_DELEGATED_ADMIN,
		Canary:              jsii.Bool(true),
		CanaryInterval:      awscdk.Duration_Hours(jsii.Number(4)),
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_Federated(jsii.String("dave"), jsii.String("Operators")),
		},
		RoleName:             jsii.String("BreakGlass"),
		ManagedPolicies:      &[]awsiam.IManagedPolicy{awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("ReadOnlyAccess"))},
		PolicyStatements:     &[]awsiam.PolicyStatement{evidence()},
		MaxSessionDuration:   awscdk.Duration_Hours(jsii.Number(2)),
		RequireMfa:           jsii.Bool(false),
		DenyUnwatchedRegions: jsii.Bool(false),
	})
	awsbreakglassrole.NewBreakGlassOrganizationRole(management, jsii.String("OtherApp"), &awsbreakglassrole.BreakGlassOrganizationRoleProps{
		Hub: awsbreakglassrole.BreakGlassOrganizationHub_FromAttributes(management, jsii.String("OtherHub"), &awsbreakglassrole.BreakGlassOrganizationHubAttributes{
			Account:             jsii.String("222233334444"),
			Region:              jsii.String("us-east-2"),
			RoleName:            jsii.String("Other"),
			OrganizationalUnits: jsii.Strings("ou-ab12-sandbox01"),
			Regions:             jsii.Strings("eu-west-1"),
			Canary:              jsii.Bool(true),
			CanaryInterval:      awscdk.Duration_Hours(jsii.Number(3)),
		}),
		TrustedAccount: jsii.String("111122223333"),
		Usernames:      &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IdentityCenter(jsii.String("carol@example.com"), jsii.String("Admin"))},
		RoleName:       jsii.String("Other"),
	})
	// The identity account's check of the member accounts' role, with a topic of its own.
	identity := awscdk.NewStack(app, jsii.String("Identity"), &awscdk.StackProps{Env: env("111122223333")})
	awsbreakglassrole.NewBreakGlassReadinessCheck(identity, jsii.String("ReadinessCheck"), &awsbreakglassrole.BreakGlassReadinessCheckProps{
		Role:        awsiam.Role_FromRoleArn(identity, jsii.String("MemberRole"), jsii.String("arn:aws:iam::444455556666:role/BreakGlass"), nil),
		TrustPolicy: organization.MemberTrustPolicy(),
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_Federated(jsii.String("dave"), jsii.String("Operators")),
		},
		AlertEmails: jsii.Strings("security@example.com"),
	})
	awsbreakglassrole.NewBreakGlassOrganizationHub(
		awscdk.NewStack(app, jsii.String("QuietHub"), &awscdk.StackProps{Env: env("222233334444")}),
		jsii.String("Hub"),
		&awsbreakglassrole.BreakGlassOrganizationHubProps{
			OrganizationId: jsii.String("o-a1b2c3d4e5"),
			RoleName:       jsii.String("Quiet"),
			Canary:         jsii.Bool(false),
		})
	return app
}
