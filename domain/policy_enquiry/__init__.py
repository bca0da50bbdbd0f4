"""政策留言板: the policy message board's questions, routed to the departments that answer them (R-ENQ-*)."""
