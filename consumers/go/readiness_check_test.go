package consumer

import (
	"strings"
	"testing"

	"github.com/aws-break-glass-role/aws-break-glass-role-go/awsbreakglassrole"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"
)

func identityStack() awscdk.Stack {
	return awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Identity"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111122223333"), Region: jsii.String("us-east-2")},
	})
}

// The readiness check, made from Go on its own: a schedule, and an alarm on its errors without a watch.
func TestReadinessCheckOnItsOwn(t *testing.T) {
	stack := identityStack()
	awsbreakglassrole.NewBreakGlassReadinessCheck(stack, jsii.String("Readiness"), &awsbreakglassrole.BreakGlassReadinessCheckProps{
		Role:              awsiam.Role_FromRoleName(stack, jsii.String("Role"), jsii.String("BreakGlass"), nil),
		Usernames:         &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IamUser(jsii.String("alice"))},
		AlertTopic:        awssns.NewTopic(stack, jsii.String("Alerts"), nil),
		ReadinessInterval: awscdk.Duration_Hours(jsii.Number(12)),
	})
	template := assertions.Template_FromStack(stack, nil)
	template.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]interface{}{"ScheduleExpression": "rate(12 hours)"})
	template.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]interface{}{"MetricName": "Errors"})
}

func TestReadinessCheckRefusesATooShortInterval(t *testing.T) {
	stack := identityStack()
	defer func() {
		if err := recover(); err == nil || !strings.Contains(err.(error).Error(), "readinessInterval is 5 minutes") {
			t.Errorf("expected the interval to be refused, got %v", err)
		}
	}()
	awsbreakglassrole.NewBreakGlassReadinessCheck(stack, jsii.String("Readiness"), &awsbreakglassrole.BreakGlassReadinessCheckProps{
		Role:              awsiam.Role_FromRoleName(stack, jsii.String("Role"), jsii.String("BreakGlass"), nil),
		Usernames:         &[]awsbreakglassrole.Username{awsbreakglassrole.Username_IamUser(jsii.String("alice"))},
		AlertTopic:        awssns.NewTopic(stack, jsii.String("Alerts"), nil),
		ReadinessInterval: awscdk.Duration_Minutes(jsii.Number(5)),
	})
}
