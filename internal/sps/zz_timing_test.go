package sps
import ("testing";"context";"time")
func TestTiming(t *testing.T){
	f := &fakeAudit{n: 500}
	c := newAuditTestClient(t, f)
	for i:=0;i<3;i++{
	st:=time.Now()
	_, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 500})
	t.Log(time.Since(st), err)
	}
}
