"""Videos: probe them, choose the frames a reviewer should see, copy them without metadata."""
