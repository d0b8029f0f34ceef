"""HTTP hygiene around the application: body limits, security headers, throttles."""
