"""Forms by area. They validate and normalise; views stay short."""
