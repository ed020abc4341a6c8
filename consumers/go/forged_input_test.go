package consumer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws-break-glass-role/aws-break-glass-role-go/awsbreakglassrole"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// Values Go can hand in where TypeScript's types would refuse them: a nil where a
// value is required, a wildcard. (Go cannot subclass a jsii class.) Each is refused
// while the app is built, nothing synthesized, by the construct itself with its own
// message, or where the runtime stands first, by jsii's runtime.
func TestForgedInputIsRefused(t *testing.T) {
	stack := func() awscdk.Stack {
		return awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Forged"), &awscdk.StackProps{Env: env("111122223333")})
	}
	role := func(change func(*awsbreakglassrole.BreakGlassRoleProps)) func() {
		return func() {
			props := &awsbreakglassrole.BreakGlassRoleProps{
				Usernames: &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IamUser(jsii.String("alice"))},
				Trail:     awsbreakglassrole.TrailSetup_ExistingTrail(nil),
			}
			change(props)
			awsbreakglassrole.NewBreakGlassRole(stack(), jsii.String("BreakGlass"), props)
		}
	}
	cases := []struct {
		what    string
		build   func()
		message string
	}{
		{"a nil inside Usernames", role(func(p *awsbreakglassrole.BreakGlassRoleProps) {
			p.Usernames = &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IamUser(jsii.String("alice")), nil}
		}), "Unable to deserialize value as aws-break-glass-role.BreakGlassRoleProps"},
		{"Usernames nil", role(func(p *awsbreakglassrole.BreakGlassRoleProps) { p.Usernames = nil }),
			"Usernames is required, but has nil value"},
		{"Username_IamUser(nil)", func() { awsbreakglassrole.Username_IamUser(nil) }, "parameter name is required, but nil was provided"},
		{"an empty Usernames", role(func(p *awsbreakglassrole.BreakGlassRoleProps) { p.Usernames = &[]awsbreakglassrole.Username{} }),
			"usernames must name at least one identity"},
		{"Username_IamUser(\"a*\")", func() { awsbreakglassrole.Username_IamUser(jsii.String("a*")) },
			"Username.iamUser(name) got 'a*', which is not valid"},
		{"Username_IdentityCenter(\"*\", \"Admin\")", func() { awsbreakglassrole.Username_IdentityCenter(jsii.String("*"), jsii.String("Admin")) },
			"Username.identityCenter(userName, permissionSetName): userName got '*', which is not valid"},
		{"Username_Federated(\"*\", role)", func() { awsbreakglassrole.Username_Federated(jsii.String("*"), jsii.String("Operators")) },
			"Username.federated(sessionName, roleName): sessionName got '*', which is not valid"},
		{"a wildcard service", role(func(p *awsbreakglassrole.BreakGlassRoleProps) { p.LogServices = jsii.Strings("*") }),
			"logServices has '*', which is not a service prefix"},
		{"a wildcard in a region", role(func(p *awsbreakglassrole.BreakGlassRoleProps) { p.Regions = jsii.Strings("eu-*") }),
			"regions has 'eu-*', which is not a known AWS region"},
		{"a wildcard bootstrap region", func() {
			awsbreakglassrole.NewBreakGlassDeployer(stack(), jsii.String("Deployer"), &awsbreakglassrole.BreakGlassDeployerProps{
				Deployer: awsbreakglassrole.Deployer_NewRole(), BootstrapRegions: jsii.Strings("*"),
			})
		}, "bootstrapRegions has '*', which is not a region code"},
		{"a wildcard trail name", func() {
			awsbreakglassrole.TrailSetup_CreateTrail(&awsbreakglassrole.CreateTrailOptions{TrailName: jsii.String("*")})
		}, "trailName is '*', which is not a trail name"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			refusal := refusalOf(c.build)
			if !strings.Contains(refusal, c.message) {
				t.Errorf("%s: got %q, want a refusal containing %q", c.what, refusal, c.message)
			}
		})
	}
}

// refusalOf runs build and returns what it panicked with: jsii's Go runtime panics with the error JavaScript threw.
func refusalOf(build func()) (refusal string) {
	defer func() {
		if recovered := recover(); recovered != nil {
			refusal = fmt.Sprint(recovered)
		}
	}()
	build()
	return "not refused"
}
