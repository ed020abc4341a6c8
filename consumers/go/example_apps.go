// Package consumer is a Go user of the library: `npx projen test:go` builds the
// README's examples and every public construct with the module generated in dist/go.
package consumer

import (
	"github.com/aws-break-glass-role/aws-break-glass-role-go/awsbreakglassrole"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

func env(account string) *awscdk.Environment {
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String("us-east-2")}
}

// NewExampleApp is examples/app.ts: one account, watching eu-west-1 besides us-east-1 and the home region.
func NewExampleApp(outdir string) awscdk.App {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	stack := awscdk.NewStack(app, jsii.String("BreakGlassExample"), &awscdk.StackProps{Env: env("111122223333")})

	awsbreakglassrole.NewBreakGlassRole(stack, jsii.String("BreakGlass"), &awsbreakglassrole.BreakGlassRoleProps{
		RoleName: jsii.String("BreakGlass"),
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_FromUser(awsiam.User_FromUserName(stack, jsii.String("Bob"), jsii.String("bob"))),
			awsbreakglassrole.Username_IdentityCenter(jsii.String("carol@example.com"), jsii.String("Admin")),
		},
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("AdministratorAccess")),
		},
		LoginAlertEmails:    jsii.Strings("security@example.com"),
		CreateLoginLogGroup: jsii.Bool(true),
		LogActions:          awsbreakglassrole.LogActions_ALL,
		Regions:             jsii.Strings("eu-west-1"),
		// The default, said: the role is assumed and acts only in the watched regions.
		DenyUnwatchedRegions: jsii.Bool(true),
		Trail:                awsbreakglassrole.TrailSetup_ExistingTrail(nil),
		Deployer:             awsbreakglassrole.Deployer_NewRole(),
	})
	return app
}

// NewOrganizationApp is examples/organization.ts: a hub in the security account, the role in two organizational units.
func NewOrganizationApp(outdir string) awscdk.App {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	emails := jsii.Strings("security@example.com")
	units := jsii.Strings("ou-ab12-workload1", "ou-ab12-sandbox01")

	hub := awsbreakglassrole.NewBreakGlassOrganizationHub(
		awscdk.NewStack(app, jsii.String("BreakGlassHub"), &awscdk.StackProps{Env: env("222233334444")}),
		jsii.String("Hub"),
		&awsbreakglassrole.BreakGlassOrganizationHubProps{
			OrganizationId:   jsii.String("o-a1b2c3d4e5"),
			RoleName:         jsii.String("BreakGlass"),
			LoginAlertEmails: emails,
			LogActions:       awsbreakglassrole.LogActions_ALL,
			// Given once, here: the StackSet deploys there, and the canary check expects every member account in every region.
			OrganizationalUnits: units,
			Regions:             jsii.Strings("*"),
		})

	management := awscdk.NewStack(app, jsii.String("BreakGlassManagement"), &awscdk.StackProps{Env: env("999988887777")})
	organization := awsbreakglassrole.NewBreakGlassOrganizationRole(management, jsii.String("Organization"), &awsbreakglassrole.BreakGlassOrganizationRoleProps{
		// The hub's organizational units, regions and canary.
		Hub:            hub,
		TrustedAccount: jsii.String("111122223333"),
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_IdentityCenter(jsii.String("carol@example.com"), jsii.String("Admin")),
		},
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("AdministratorAccess")),
		},
	})
	// The management account: a role of its own, alerting the same people.
	awsbreakglassrole.NewBreakGlassRole(management, jsii.String("BreakGlass"), &awsbreakglassrole.BreakGlassRoleProps{
		RoleName:  jsii.String("BreakGlassManagement"),
		Usernames: &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IamUser(jsii.String("alice"))},
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("AdministratorAccess")),
		},
		LoginAlertEmails: emails,
		LogActions:       awsbreakglassrole.LogActions_ALL,
		Regions:          jsii.Strings("*"),
		Trail:            awsbreakglassrole.TrailSetup_ExistingTrail(nil),
	})

	// The identity account: the readiness check proves that the people can still get in, to the role as the StackSet defines it.
	identity := awscdk.NewStack(app, jsii.String("BreakGlassIdentity"), &awscdk.StackProps{Env: env("111122223333")})
	awsbreakglassrole.NewBreakGlassReadinessCheck(identity, jsii.String("Readiness"), &awsbreakglassrole.BreakGlassReadinessCheckProps{
		Role: awsiam.Role_FromRoleArn(identity, jsii.String("MemberRole"),
			jsii.String("arn:aws:iam::444455556666:role/"+*organization.RoleName()), nil),
		TrustPolicy: organization.MemberTrustPolicy(),
		Usernames: &[]awsbreakglassrole.Username{
			awsbreakglassrole.Username_IamUser(jsii.String("alice")),
			awsbreakglassrole.Username_IdentityCenter(jsii.String("carol@example.com"), jsii.String("Admin")),
		},
		AlertEmails: emails,
	})
	return app
}
