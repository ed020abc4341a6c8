// Package consumer is a Go user of the library: `npx projen test:go` builds
// the README example with the module generated in dist/go.
package consumer

import (
	"github.com/aws-break-glass-role/aws-break-glass-role-go/awsbreakglassrole"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

// NewExampleApp is the README example, examples/app.ts, transliterated to Go.
func NewExampleApp(outdir string) awscdk.App {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	stack := awscdk.NewStack(app, jsii.String("BreakGlassExample"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111122223333"), Region: jsii.String("us-east-2")},
	})

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
