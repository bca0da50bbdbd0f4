"""Event store set-up, event (de)serialisation, read-model stores."""
