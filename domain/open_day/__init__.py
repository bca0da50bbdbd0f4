"""政府开放活动: government open days — planned, registration open and closed, held, feedback, summary; registrations
confirmed in arrival order up to the capacity, the rest waiting (R-OPEN-CAPACITY, R-OPEN-SHAPE, R-OPEN-LIFECYCLE).

Four kinds of stream: the open day itself (staff steps), one stream per registration (so that strangers who register
at the same moment never write the same stream), one claim stream per person per open day (so that one person cannot
hold two registrations: a second registration conflicts on the claim alone), and one notice stream per registration
(what the registrant was told). Who is confirmed and who waits is not stored: it is derived from the log's order
(`roster`), so confirmed registrations never exceed the capacity by construction.
"""
